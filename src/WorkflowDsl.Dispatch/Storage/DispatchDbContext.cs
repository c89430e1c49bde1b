using Microsoft.EntityFrameworkCore;
using WorkflowDsl.Runtime.Storage;

namespace WorkflowDsl.Dispatch.Storage;

/// <summary>The run engine's model plus the dispatcher's tables (<c>dispatch_attempts</c>,
/// <c>dispatch_done</c>, <c>dispatch_opt_outs</c>, <c>dispatch_tracking</c>), so one context and one
/// transaction see the outbox, its results and the dispatcher's claims together. Create it with
/// <see cref="DispatchDatabase"/>.</summary>
public class DispatchDbContext(DbContextOptions<WorkflowDbContext> options) : WorkflowDbContext(options)
{
    /// <summary>Delivery attempts (the claims).</summary>
    public DbSet<DispatchAttempt> Attempts => Set<DispatchAttempt>();
    /// <summary>Outbox messages with a final result on every channel.</summary>
    public DbSet<DispatchedMessage> Dispatched => Set<DispatchedMessage>();
    /// <summary>Unsubscribes and per-channel opt-outs.</summary>
    public DbSet<OptOut> OptOuts => Set<OptOut>();
    /// <summary>Opens, clicks and unsubscribes.</summary>
    public DbSet<TrackingRecord> Tracking => Set<TrackingRecord>();

    /// <inheritdoc/>
    protected override void OnModelCreating(ModelBuilder b)
    {
        base.OnModelCreating(b);
        b.Entity<DispatchAttempt>(e =>
        {
            e.ToTable("dispatch_attempts");
            e.HasKey(a => a.Id);
            e.HasIndex(a => new { a.OutboxMessageId, a.Channel, a.AttemptNumber }).IsUnique();
            e.HasIndex(a => a.State);
            e.HasIndex(a => a.ProviderId);
            e.Property(a => a.Reason).HasMaxLength(1000);
        });
        b.Entity<DispatchedMessage>(e =>
        {
            e.ToTable("dispatch_done");
            e.HasKey(d => d.OutboxMessageId);
            e.Property(d => d.OutboxMessageId).ValueGeneratedNever();
        });
        b.Entity<OptOut>(e =>
        {
            e.ToTable("dispatch_opt_outs");
            e.HasKey(o => new { o.UserId, o.Channel });
        });
        b.Entity<TrackingRecord>(e =>
        {
            e.ToTable("dispatch_tracking");
            e.HasKey(t => t.Id);
            e.HasIndex(t => new { t.OutboxMessageId, t.Kind });
            e.Property(t => t.Url).HasMaxLength(2000);
        });
    }
}

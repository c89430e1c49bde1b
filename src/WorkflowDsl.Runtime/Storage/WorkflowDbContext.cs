using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using WorkflowDsl.Users;

namespace WorkflowDsl.Runtime.Storage;

/// <summary>The one provider-neutral model of every table: the learning directory, the workflow state
/// and the outbox dispatcher's tables (<c>dispatch_attempts</c>, <c>dispatch_done</c>,
/// <c>dispatch_opt_outs</c>, <c>dispatch_tracking</c>). Configure the provider with
/// <see cref="WorkflowDatabase"/>, which uses a subclass per provider so each provider has its own
/// migrations; the migrations create every table.</summary>
public class WorkflowDbContext : DbContext
{
    /// <summary>Creates a context with the given options.</summary>
    public WorkflowDbContext(DbContextOptions<WorkflowDbContext> options) : base(options) { }

    /// <summary>For the provider subclasses.</summary>
    protected WorkflowDbContext(DbContextOptions options) : base(options) { }

    /// <summary>Directory users.</summary>
    public DbSet<DirectoryUser> Users => Set<DirectoryUser>();
    /// <summary>Custom user attributes.</summary>
    public DbSet<UserAttribute> UserAttributes => Set<UserAttribute>();
    /// <summary>Push device tokens.</summary>
    public DbSet<PushDeviceToken> DeviceTokens => Set<PushDeviceToken>();
    /// <summary>The org-unit tree.</summary>
    public DbSet<OrgUnit> OrgUnits => Set<OrgUnit>();
    /// <summary>Contents.</summary>
    public DbSet<Content> Contents => Set<Content>();
    /// <summary>Content assignments.</summary>
    public DbSet<ContentAssignment> Assignments => Set<ContentAssignment>();
    /// <summary>Completions.</summary>
    public DbSet<Completion> Completions => Set<Completion>();
    /// <summary>Administrators (workflow owners).</summary>
    public DbSet<Administrator> Administrators => Set<Administrator>();
    /// <summary>Administrators' scopes.</summary>
    public DbSet<AdministratorScope> AdministratorScopes => Set<AdministratorScope>();
    /// <summary>Workflow records.</summary>
    public DbSet<WorkflowRecord> Workflows => Set<WorkflowRecord>();
    /// <summary>Per-user progress.</summary>
    public DbSet<UserProgress> Progress => Set<UserProgress>();
    /// <summary>Runs.</summary>
    public DbSet<RunRecord> Runs => Set<RunRecord>();
    /// <summary>Run warnings.</summary>
    public DbSet<RunIssue> RunIssues => Set<RunIssue>();
    /// <summary>Planned messages.</summary>
    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();
    /// <summary>Users listed in digests.</summary>
    public DbSet<DigestEntry> DigestEntries => Set<DigestEntry>();
    /// <summary>Delivery results per channel.</summary>
    public DbSet<DeliveryResult> DeliveryResults => Set<DeliveryResult>();
    /// <summary>The dispatcher's delivery attempts (its claims).</summary>
    public DbSet<DispatchAttempt> Attempts => Set<DispatchAttempt>();
    /// <summary>Outbox messages with a final result on every channel.</summary>
    public DbSet<DispatchedMessage> Dispatched => Set<DispatchedMessage>();
    /// <summary>Unsubscribes and per-channel opt-outs.</summary>
    public DbSet<OptOut> OptOuts => Set<OptOut>();
    /// <summary>Opens, clicks and unsubscribes.</summary>
    public DbSet<TrackingRecord> Tracking => Set<TrackingRecord>();

    /// <inheritdoc/>
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every time is UTC; SQLite gives back unspecified kinds, PostgreSQL wants UTC ones.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcConverter>();
        configurationBuilder.Properties<string>().HaveMaxLength(400);
    }

    /// <inheritdoc/>
    protected override void OnModelCreating(ModelBuilder b)
    {
        b.Entity<DirectoryUser>(e =>
        {
            e.ToTable("users");
            e.HasKey(u => u.Id);
            e.Ignore(u => u.FullName);
            e.Property(u => u.Id).HasMaxLength(100);
            e.Property(u => u.OrgUnitPath).HasMaxLength(1000);
            e.HasIndex(u => u.ManagerId);
            e.HasIndex(u => u.HrPartnerId);
            e.HasIndex(u => u.OrgUnitPath);
            e.HasMany(u => u.Attributes).WithOne().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.Cascade);
            e.HasMany(u => u.DeviceTokens).WithOne().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<UserAttribute>(e => { e.ToTable("user_attributes"); e.HasKey(a => new { a.UserId, a.Name }); });
        b.Entity<PushDeviceToken>(e => { e.ToTable("device_tokens"); e.HasKey(t => new { t.UserId, t.Token }); });
        b.Entity<OrgUnit>(e => { e.ToTable("org_units"); e.HasKey(o => o.Id); e.Property(o => o.Path).HasMaxLength(1000); e.HasIndex(o => o.ParentId); });
        b.Entity<Content>(e => { e.ToTable("contents"); e.HasKey(c => c.Id); e.Property(c => c.Link).HasMaxLength(2000); });
        b.Entity<ContentAssignment>(e =>
        {
            e.ToTable("assignments");
            e.HasKey(a => new { a.UserId, a.ContentId, a.Kind });
            e.HasIndex(a => new { a.ContentId, a.Kind });
        });
        b.Entity<Completion>(e =>
        {
            e.ToTable("completions");
            e.HasKey(c => new { c.UserId, c.ContentId });
            e.HasIndex(c => c.ContentId);
        });
        b.Entity<Administrator>(e => { e.ToTable("administrators"); e.HasKey(a => a.Id); });
        b.Entity<AdministratorScope>(e => { e.ToTable("administrator_scopes"); e.HasKey(s => new { s.AdministratorId, s.OrgUnitId }); });

        b.Entity<WorkflowRecord>(e =>
        {
            e.ToTable("workflows");
            e.HasKey(w => w.Id);
            e.Property(w => w.Errors).HasMaxLength(8000);
        });
        b.Entity<UserProgress>(e =>
        {
            e.ToTable("user_progress");
            e.HasKey(p => new { p.WorkflowId, p.UserId });
            e.HasIndex(p => p.UserId);
        });
        b.Entity<RunRecord>(e =>
        {
            e.ToTable("runs");
            e.HasKey(r => r.Id);
            e.HasIndex(r => new { r.WorkflowId, r.StartedAt });
            e.Property(r => r.Notes).HasMaxLength(8000);
        });
        b.Entity<RunIssue>(e =>
        {
            e.ToTable("run_issues");
            e.HasKey(i => i.Id);
            e.HasIndex(i => i.RunId);
            e.Property(i => i.SampleUserIds).HasMaxLength(4000);
            e.Property(i => i.Message).HasMaxLength(2000);
        });
        b.Entity<OutboxMessage>(e =>
        {
            e.ToTable("outbox");
            e.HasKey(m => m.Id);
            e.HasIndex(m => new { m.WorkflowId, m.RecipientKind, m.RecipientId, m.StepKey, m.Repeat, m.Batch }).IsUnique();
            e.HasIndex(m => m.RunId);
        });
        b.Entity<DigestEntry>(e =>
        {
            e.ToTable("digest_entries");
            e.HasKey(d => new { d.WorkflowId, d.TargetUserId, d.StepKey, d.Repeat });
            e.HasIndex(d => new { d.RunId, d.OutboxMessageId });
            e.HasOne<OutboxMessage>().WithMany(m => m.Entries).HasForeignKey(d => d.OutboxMessageId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<DeliveryResult>(e =>
        {
            e.ToTable("delivery_results");
            e.HasKey(d => d.Id);
            e.HasIndex(d => d.OutboxMessageId);
            e.HasOne<OutboxMessage>().WithMany(m => m.Results).HasForeignKey(d => d.OutboxMessageId).OnDelete(DeleteBehavior.Cascade);
            e.Property(d => d.Reason).HasMaxLength(1000);
        });

        // The outbox dispatcher's tables (docs/delivery-guarantees.md).
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

    private sealed class UtcConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : DateTime.SpecifyKind(v.ToUniversalTime(), DateTimeKind.Utc),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}

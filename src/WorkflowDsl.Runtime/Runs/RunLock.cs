using Microsoft.EntityFrameworkCore;
using WorkflowDsl.Runtime.Storage;

namespace WorkflowDsl.Runtime.Runs;

/// <summary>The run lock: one run of a workflow at a time. The workflow row is the lock
/// (<see cref="WorkflowRecord.LockRunId"/>), held on a lease: <see cref="WorkflowRecord.LockedAt"/> is when
/// the lease was last renewed, and it expires <see cref="RunOptions.LockTimeout"/> later. While a run is
/// in progress a <see cref="Heartbeat"/> renews it every <see cref="RunOptions.LockHeartbeatInterval"/>,
/// so a long run keeps its lock and a lock left by a process that died is taken over soon after.</summary>
internal sealed class RunLock(WorkflowDatabase database, TimeProvider time, RunOptions options)
{
    private DateTime Now => time.GetUtcNow().UtcDateTime;

    /// <summary>Takes the lock for <paramref name="runId"/> with one conditional update (only one of several
    /// concurrent requests can win it), and starts its heartbeat. The record is read first, so a refusal
    /// is immediate even where writers queue (SQLite).</summary>
    /// <exception cref="WorkflowBusyException">Another run holds a lease that has not expired.</exception>
    public async Task<Heartbeat> TakeAsync(WorkflowDbContext db, WorkflowRecord record, Guid runId, DateTime now, CancellationToken cancellationToken)
    {
        string workflowId = record.Id;
        var expiredBefore = now - options.LockTimeout;
        if (record.LockRunId is not null && record.LockedAt >= expiredBefore)
            throw await BusyAsync(db, workflowId, record.LockRunId, record.LockedAt, cancellationToken);
        int taken = await db.Workflows
            .Where(w => w.Id == workflowId && (w.LockRunId == null || w.LockedAt < expiredBefore))
            .ExecuteUpdateAsync(s => s
                .SetProperty(w => w.Status, WorkflowStatus.Starting)
                .SetProperty(w => w.LockRunId, runId)
                .SetProperty(w => w.LockedAt, now)
                .SetProperty(w => w.UpdatedAt, now), cancellationToken);
        if (taken == 0)
        {
            var holder = await db.Workflows.AsNoTracking().FirstAsync(w => w.Id == workflowId, cancellationToken);
            throw await BusyAsync(db, workflowId, holder.LockRunId, holder.LockedAt, cancellationToken);
        }
        return StartHeartbeat(workflowId, runId);
    }

    /// <summary>Starts renewing the lease of a run that holds the lock (until the heartbeat is disposed,
    /// or a beat finds the lock held by another run).</summary>
    public Heartbeat StartHeartbeat(string workflowId, Guid runId) => new(this, workflowId, runId, options.EffectiveLockHeartbeat, time);

    /// <summary>Checks that <paramref name="runId"/> is in progress and still holds the lock, renewing the
    /// lease when <paramref name="renew"/>.</summary>
    /// <exception cref="RunRefusedException">WFRUN004 (no such run) or WFRUN005 (the lock was lost).</exception>
    public async Task<RunRecord> RequireHeldAsync(WorkflowDbContext db, string workflowId, Guid runId, bool renew, CancellationToken cancellationToken)
    {
        var run = await db.Runs.AsNoTracking().FirstOrDefaultAsync(r => r.Id == runId, cancellationToken)
            ?? throw new RunRefusedException(workflowId, "unknown-run", $"WFRUN004: run {runId} does not exist: start it with BeginChunkedRunAsync.");
        bool holds = renew
            ? await RenewAsync(db, workflowId, runId, Now, cancellationToken)
            : await db.Workflows.AnyAsync(w => w.Id == workflowId && w.LockRunId == runId, cancellationToken);
        if (!holds || run.Outcome != RunOutcome.InProgress)
            throw new RunRefusedException(workflowId, "lock-lost", $"WFRUN005: run {runId} of '{workflowId}' no longer holds the run lock (it finished, failed or its lease expired and another run took it over): start a new run.");
        return run;
    }

    /// <summary>Sets the status of the workflow whose lock the run holds.</summary>
    public static Task SetStatusAsync(WorkflowDbContext db, string workflowId, Guid runId, WorkflowStatus status, CancellationToken cancellationToken) =>
        db.Workflows.Where(w => w.Id == workflowId && w.LockRunId == runId)
            .ExecuteUpdateAsync(s => s.SetProperty(w => w.Status, status), cancellationToken);

    /// <summary>Releases the lock if <paramref name="runId"/> still holds it; the workflow is Stopped.</summary>
    public async Task ReleaseAsync(string workflowId, Guid runId)
    {
        await using var db = database.CreateContext();
        var now = Now;
        await db.Workflows.Where(w => w.Id == workflowId && w.LockRunId == runId).ExecuteUpdateAsync(s => s
            .SetProperty(w => w.Status, WorkflowStatus.Stopped)
            .SetProperty(w => w.LockRunId, (Guid?)null)
            .SetProperty(w => w.LockedAt, (DateTime?)null)
            .SetProperty(w => w.UpdatedAt, now));
    }

    /// <summary>Releases the lock of <paramref name="workflowId"/> whoever holds it when <paramref name="expiredOnly"/>
    /// is false (an administrator's release), or only when its lease expired; the run that held it, if still in
    /// progress, is marked Interrupted with <paramref name="note"/>. Returns the run whose lock was released, or null.</summary>
    public async Task<Guid?> ReleaseHeldAsync(string workflowId, bool expiredOnly, string note, CancellationToken cancellationToken)
    {
        await using var db = database.CreateContext();
        var now = Now;
        var expiredBefore = now - options.LockTimeout;
        var holder = await db.Workflows.AsNoTracking().Where(w => w.Id == workflowId).Select(w => new { w.LockRunId, w.LockedAt }).FirstOrDefaultAsync(cancellationToken);
        if (holder?.LockRunId is not { } runId) return null;
        if (expiredOnly && holder.LockedAt >= expiredBefore) return null;
        // Conditional on the same holder (and, for expiry, a lease still expired): a run that renewed or finished meanwhile keeps its state.
        int released = await db.Workflows
            .Where(w => w.Id == workflowId && w.LockRunId == runId && (!expiredOnly || w.LockedAt < expiredBefore))
            .ExecuteUpdateAsync(s => s
                .SetProperty(w => w.Status, WorkflowStatus.Stopped)
                .SetProperty(w => w.LockRunId, (Guid?)null)
                .SetProperty(w => w.LockedAt, (DateTime?)null)
                .SetProperty(w => w.UpdatedAt, now), cancellationToken);
        if (released == 0) return null;
        if (note.Length > 4000) note = note[..4000];
        await db.Runs.Where(r => r.Id == runId && r.Outcome == RunOutcome.InProgress).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.Outcome, RunOutcome.Interrupted)
            .SetProperty(r => r.FinishedAt, now)
            .SetProperty(r => r.Notes, note), cancellationToken);
        return runId;
    }

    /// <summary>The workflows whose lock lease has expired.</summary>
    public async Task<List<string>> ExpiredAsync(CancellationToken cancellationToken)
    {
        await using var db = database.CreateContext();
        var expiredBefore = Now - options.LockTimeout;
        return await db.Workflows.AsNoTracking().Where(w => w.LockRunId != null && w.LockedAt < expiredBefore).Select(w => w.Id).ToListAsync(cancellationToken);
    }

    /// <summary>Renews the lease (in a context of its own); false when the run no longer holds the lock.
    /// A beat waits at most a few seconds for the database (a SQLite run's open write transaction blocks
    /// it; it cannot be taken over meanwhile either, since taking over is a write).</summary>
    private async Task<bool> RenewAsync(string workflowId, Guid runId, CancellationToken cancellationToken)
    {
        await using var db = database.CreateContext();
        db.Database.SetCommandTimeout(TimeSpan.FromSeconds(5));
        return await RenewAsync(db, workflowId, runId, Now, cancellationToken);
    }

    private static async Task<bool> RenewAsync(WorkflowDbContext db, string workflowId, Guid runId, DateTime now, CancellationToken cancellationToken) =>
        await db.Workflows.Where(w => w.Id == workflowId && w.LockRunId == runId)
            .ExecuteUpdateAsync(s => s.SetProperty(w => w.LockedAt, now), cancellationToken) > 0;

    // The lock row's time is the lease's last renewal: the refusal names when the holding run started.
    private static async Task<WorkflowBusyException> BusyAsync(WorkflowDbContext db, string workflowId, Guid? holder, DateTime? renewedAt, CancellationToken cancellationToken)
    {
        DateTime? started = holder is null ? null
            : await db.Runs.AsNoTracking().Where(r => r.Id == holder).Select(r => (DateTime?)r.StartedAt).FirstOrDefaultAsync(cancellationToken);
        return new WorkflowBusyException(workflowId, holder, started ?? renewedAt);
    }

    /// <summary>Renews a run's lease at a fixed interval until disposed. A failed beat (the database busy
    /// or unreachable) is tried again at the next one; a beat that finds the lock held by another run stops.</summary>
    internal sealed class Heartbeat : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _beating;

        internal Heartbeat(RunLock owner, string workflowId, Guid runId, TimeSpan interval, TimeProvider time) =>
            _beating = BeatAsync(owner, workflowId, runId, interval, time, _stop.Token);

        private static async Task BeatAsync(RunLock owner, string workflowId, Guid runId, TimeSpan interval, TimeProvider time, CancellationToken stop)
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(interval, time, stop);
                    if (!await owner.RenewAsync(workflowId, runId, stop)) return;
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception)
                {
                    // The next beat tries again; the lease lasts several intervals.
                }
            }
        }

        /// <summary>Stops beating (waits for a beat under way), so nothing renews the lease after this.</summary>
        public async ValueTask DisposeAsync()
        {
            if (!_stop.IsCancellationRequested) await _stop.CancelAsync();
            await _beating;
            _stop.Dispose();
        }
    }
}

using Microsoft.EntityFrameworkCore;
using WorkflowDsl.Plan;
using WorkflowDsl.Runtime.Storage;

namespace WorkflowDsl.Runtime.Runs;

/// <summary>Runs workflows. A thin orchestrator of the run's parts (docs/architecture.md): the run lock
/// (<see cref="RunLock"/>, a lease kept by a heartbeat), validation (<see cref="RunValidator"/>), the
/// safety catch (<see cref="SafetyCatch"/>), the per-user pass (<see cref="UserPass"/>, which asks
/// <see cref="StepMachine"/>), the digest planner (<see cref="DigestPlanner"/>) and the writer
/// (<see cref="RunWriter"/>); a run's progress and outbox rows are written in one transaction. Delivery
/// is not done here: the outbox is.</summary>
public sealed class RunEngine
{
    private readonly WorkflowDatabase _database;
    private readonly TimeProvider _time;
    private readonly RunOptions _options;
    private readonly RunLock _lock;
    private readonly UserPass _pass;
    private readonly SafetyCatch _safetyCatch;

    /// <summary>Creates an engine.</summary>
    /// <param name="database">Where the directory and the workflow state live.</param>
    /// <param name="time">The one clock (a fake one in tests).</param>
    /// <param name="options">Options; the defaults when null.</param>
    public RunEngine(WorkflowDatabase database, TimeProvider time, RunOptions? options = null)
    {
        _database = database;
        _time = time;
        _options = options ?? new RunOptions();
        _options.Validate();
        _lock = new RunLock(database, time, _options);
        _pass = new UserPass(_options, HookAsync);
        _safetyCatch = new SafetyCatch(_options, _pass);
    }

    private DateTime Now => _time.GetUtcNow().UtcDateTime;

    /// <summary>Creates or renames the workflow's record; runs do this themselves.</summary>
    public async Task<WorkflowRecord> RegisterAsync(WorkflowPlan plan, CancellationToken cancellationToken = default)
    {
        await using var db = _database.CreateContext();
        return await EnsureRecordAsync(db, plan, Now, cancellationToken);
    }

    /// <summary>Runs the workflow now, by hand: not subject to the safety catch.</summary>
    /// <exception cref="WorkflowBusyException">Another run of the workflow is under way.</exception>
    public Task<RunReport> RunNowAsync(WorkflowPlan plan, string startedBy, CancellationToken cancellationToken = default) =>
        RunAsync(plan, RunTrigger.Manual, startedBy, cancellationToken);

    /// <summary>A run started by the schedule: refused unless scheduling is On, held by the safety catch
    /// when too many people would get their first message.</summary>
    /// <exception cref="RunRefusedException">Scheduling is not On, or another run is under way.</exception>
    public Task<RunReport> RunScheduledAsync(WorkflowPlan plan, CancellationToken cancellationToken = default) =>
        RunAsync(plan, RunTrigger.Scheduled, "schedule", cancellationToken);

    /// <summary>Confirms the run the safety catch held: runs it, saves a new baseline and switches scheduling back on.</summary>
    /// <exception cref="RunRefusedException">Scheduling is not Paused, or another run is under way.</exception>
    public Task<RunReport> ConfirmHeldRunAsync(WorkflowPlan plan, string confirmedBy, CancellationToken cancellationToken = default) =>
        RunAsync(plan, RunTrigger.Confirmed, confirmedBy, cancellationToken);

    /// <summary>Switches scheduling on (saving the safety catch's baseline: how many people would get
    /// their first message if the workflow ran now) or off.</summary>
    /// <param name="plan">The workflow.</param>
    /// <param name="on">True for On, false for Off.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    public async Task<WorkflowRecord> SetSchedulingAsync(WorkflowPlan plan, bool on, CancellationToken cancellationToken = default)
    {
        await using var db = _database.CreateContext();
        var now = Now;
        await EnsureRecordAsync(db, plan, now, cancellationToken);
        var record = await db.Workflows.FirstAsync(w => w.Id == plan.Id, cancellationToken);
        if (on)
        {
            var (emailPush, sms) = await _safetyCatch.CountAsync(db, plan, now, cancellationToken);
            SafetyCatch.SaveBaseline(record, emailPush, sms, now);
        }
        else
        {
            record.Scheduling = SchedulingState.Off;
            record.UpdatedAt = now;
        }
        await db.SaveChangesAsync(cancellationToken);
        return record;
    }

    /// <summary>How many people would get their first message from the workflow (by email or push, and by
    /// SMS) if it ran now: the users of the target group whose first message ever from this workflow
    /// (<see cref="StepMachine.FirstMessageOf"/>) a run now would plan, counted by the channels that
    /// message's step asks for. Plans nothing.</summary>
    public async Task<(int EmailPush, int Sms)> CountFirstMessagesAsync(WorkflowPlan plan, CancellationToken cancellationToken = default)
    {
        await using var db = _database.CreateContext();
        return await _safetyCatch.CountAsync(db, plan, Now, cancellationToken);
    }

    /// <summary>What a run now would do, without planning anything: the people in the target group, how many
    /// of them would get a message, and how many their first message from this workflow (the same pass a run
    /// makes, without its writer). Shown to an administrator before a manual run.</summary>
    public async Task<RunPreview> PreviewAsync(WorkflowPlan plan, CancellationToken cancellationToken = default)
    {
        await using var db = _database.CreateContext();
        var tally = new RunTally();
        await _pass.RunAsync(db, plan, Now, new UserRange(null, null), tally, writer: null, cancellationToken);
        return new RunPreview(plan.Id, tally.Targets, tally.MessagedUsers, tally.FirstEmailPush, tally.FirstSms);
    }

    /// <summary>An administrator releases the run lock of <paramref name="plan"/> (a run stuck or whose process
    /// died): the run that held it, if still in progress, is marked Interrupted with who released it and why.
    /// Returns that run's id, or null when nothing held the lock.</summary>
    public Task<Guid?> ReleaseLockAsync(WorkflowPlan plan, string releasedBy, string reason, CancellationToken cancellationToken = default) =>
        _lock.ReleaseHeldAsync(plan.Id, expiredOnly: false, $"WFRUN006: interrupted: {releasedBy} released the run lock at {Now:yyyy-MM-dd HH:mm:ss} UTC: {reason}", cancellationToken);

    /// <summary>Releases every run lock whose lease expired (its process died or stopped renewing it) and marks
    /// those runs Interrupted: the repair a recurring job makes, so no workflow stays Running. Returns the
    /// workflows released.</summary>
    public async Task<IReadOnlyList<string>> ReleaseExpiredLocksAsync(CancellationToken cancellationToken = default)
    {
        var released = new List<string>();
        foreach (string workflowId in await _lock.ExpiredAsync(cancellationToken))
        {
            string note = $"WFRUN007: interrupted: its lease expired (no heartbeat for {_options.LockTimeout.TotalSeconds:0} s: the process died or lost the database); released at {Now:yyyy-MM-dd HH:mm:ss} UTC. Nothing of it was committed; the next run continues.";
            if (await _lock.ReleaseHeldAsync(workflowId, expiredOnly: true, note, cancellationToken) is not null) released.Add(workflowId);
        }
        return released;
    }

    /// <summary>Runs the workflow in one pass: the whole run's progress and outbox rows in one transaction.</summary>
    /// <exception cref="RunRefusedException">Another run is under way, or (for scheduled runs) scheduling is not On.</exception>
    public async Task<RunReport> RunAsync(WorkflowPlan plan, RunTrigger trigger, string startedBy, CancellationToken cancellationToken = default)
    {
        var start = await StartAsync(plan, trigger, startedBy, cancellationToken);
        if (start.Heartbeat is null) return await ReportAsync(start.RunId, cancellationToken);
        try
        {
            if (_options.OnLockTaken is { } lockTaken) await lockTaken();
            await using (var db = _database.CreateContext())
            {
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                var tally = new RunTally();
                await PlanUsersAsync(db, plan, start.RunId, start.Now, new UserRange(null, null), tally, cancellationToken);
                await DigestPlanner.PlanAsync(db, plan, start.RunId, start.Now, tally, cancellationToken);
                await RunWriter.ApplyTallyAsync(db, start.RunId, trigger, tally, cancellationToken);
                // A run whose lease lapsed and was taken over must not commit beside the new holder.
                await _lock.RequireHeldAsync(db, plan.Id, start.RunId, renew: false, cancellationToken);
                await RunWriter.CompleteRunAsync(db, plan.Id, start.RunId, trigger, Now, cancellationToken);
                await HookAsync(RunPoint.BeforeCommit);
                await transaction.CommitAsync(cancellationToken);
            }
            await HookAsync(RunPoint.AfterCommit);
        }
        catch (Exception ex)
        {
            await RunWriter.MarkFailedAsync(_database, start.RunId, Now, ex);
            throw;
        }
        finally
        {
            await start.Heartbeat.DisposeAsync();
            await _lock.ReleaseAsync(plan.Id, start.RunId);
        }
        return await ReportAsync(start.RunId, cancellationToken);
    }

    /// <summary>Starts a run split into chunks of about <paramref name="chunkSize"/> target users, for
    /// processing by several workers: takes the lock, validates and applies the safety catch as
    /// <see cref="RunAsync"/> does. Each chunk commits on its own; digests are planned when the run finishes.
    /// The lock's lease is renewed while this method, <see cref="ProcessChunkAsync"/> and
    /// <see cref="FinishChunkedRunAsync"/> work (each chunk renews it when it starts), not between them:
    /// process the next chunk within <see cref="RunOptions.LockTimeout"/>.</summary>
    public async Task<ChunkedRun> BeginChunkedRunAsync(WorkflowPlan plan, RunTrigger trigger, string startedBy, int chunkSize, CancellationToken cancellationToken = default)
    {
        if (chunkSize < 1) throw new ArgumentOutOfRangeException(nameof(chunkSize), chunkSize, "A chunk holds at least one user.");
        var start = await StartAsync(plan, trigger, startedBy, cancellationToken);
        if (start.Heartbeat is null)
            return new ChunkedRun(start.RunId, start.Outcome, [], start.Errors);
        await using var heartbeat = start.Heartbeat;
        try
        {
            await using var db = _database.CreateContext();
            var chunks = await UserPass.SplitAsync(db, plan, start.Now, chunkSize, cancellationToken);
            return new ChunkedRun(start.RunId, RunOutcome.InProgress, chunks, []);
        }
        catch (Exception ex)
        {
            await RunWriter.MarkFailedAsync(_database, start.RunId, Now, ex);
            await heartbeat.DisposeAsync();
            await _lock.ReleaseAsync(plan.Id, start.RunId);
            throw;
        }
    }

    /// <summary>Processes one chunk of a chunked run in its own transaction. Retrying a chunk is safe:
    /// progress already committed makes the retry plan nothing twice.</summary>
    public async Task ProcessChunkAsync(WorkflowPlan plan, Guid runId, UserRange chunk, CancellationToken cancellationToken = default)
    {
        await using var db = _database.CreateContext();
        var run = await _lock.RequireHeldAsync(db, plan.Id, runId, renew: true, cancellationToken);
        await using var heartbeat = _lock.StartHeartbeat(plan.Id, runId);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var tally = new RunTally();
        await PlanUsersAsync(db, plan, runId, run.StartedAt, chunk, tally, cancellationToken);
        await RunWriter.ApplyTallyAsync(db, runId, run.Trigger, tally, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Finishes a chunked run: plans one digest per manager / HR partner and step for the whole
    /// run, records the results and releases the lock.</summary>
    public async Task<RunReport> FinishChunkedRunAsync(WorkflowPlan plan, Guid runId, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = _database.CreateContext();
            var run = await _lock.RequireHeldAsync(db, plan.Id, runId, renew: true, cancellationToken);
            await using var heartbeat = _lock.StartHeartbeat(plan.Id, runId);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var tally = new RunTally();
            await DigestPlanner.PlanAsync(db, plan, runId, run.StartedAt, tally, cancellationToken);
            await RunWriter.ApplyTallyAsync(db, runId, run.Trigger, tally, cancellationToken);
            await RunWriter.CompleteRunAsync(db, plan.Id, runId, run.Trigger, Now, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            await _lock.ReleaseAsync(plan.Id, runId);
        }
        return await ReportAsync(runId, cancellationToken);
    }

    /// <summary>The report of a run, from the database.</summary>
    public async Task<RunReport> ReportAsync(Guid runId, CancellationToken cancellationToken = default)
    {
        await using var db = _database.CreateContext();
        var run = await db.Runs.AsNoTracking().FirstAsync(r => r.Id == runId, cancellationToken);
        var issues = await db.RunIssues.AsNoTracking().Where(i => i.RunId == runId).ToListAsync(cancellationToken);
        var warnings = issues
            .GroupBy(i => (i.Code, i.StepKey, i.Channel))
            .OrderBy(g => g.Key.StepKey).ThenBy(g => g.Key.Code)
            .Select(g => $"{g.Key.Code}: {g.Sum(i => i.Count)} at step '{g.Key.StepKey}'{(g.Key.Channel == Channel.None ? "" : " (" + g.Key.Channel + ")")}: {g.First().Message} (e.g. {g.First().SampleUserIds})")
            .ToList();
        var byStep = await Results.WorkflowResults.CountByStepAsync(db, run.WorkflowId, runId, cancellationToken);
        var errors = run.Outcome == RunOutcome.RefusedErrors ? run.Notes.Split('\n', StringSplitOptions.RemoveEmptyEntries) : [];
        return new RunReport(run.Id, run.WorkflowId, run.Outcome, run.Targets, run.NewUsers, run.CompletedUsers, run.UserMessages,
            run.DigestMessages, run.FirstMessagesEmailPush, run.FirstMessagesSms, byStep, errors, warnings);
    }

    // The run's start: Heartbeat is non-null (the lock held, its lease renewed) only when the run is InProgress.
    private sealed record Started(Guid RunId, DateTime Now, RunOutcome Outcome, IReadOnlyList<string> Errors, RunLock.Heartbeat? Heartbeat);

    // Takes the lock, records the run, validates, and holds a scheduled run the safety catch stops.
    private async Task<Started> StartAsync(WorkflowPlan plan, RunTrigger trigger, string startedBy, CancellationToken cancellationToken)
    {
        var runId = Guid.NewGuid();
        var now = Now;
        await using var db = _database.CreateContext();
        var record = await EnsureRecordAsync(db, plan, now, cancellationToken);
        if (trigger == RunTrigger.Scheduled && record.Scheduling != SchedulingState.On)
        {
            throw new RunRefusedException(plan.Id, "scheduling-off", record.Scheduling == SchedulingState.Paused
                ? $"WFRUN002: scheduled run of '{plan.Id}' refused: the safety catch paused scheduling. An administrator must confirm the held run (ConfirmHeldRunAsync) or switch scheduling off."
                : $"WFRUN002: scheduled run of '{plan.Id}' refused: scheduling is Off. Switch scheduling on first.");
        }
        if (trigger == RunTrigger.Confirmed && record.Scheduling != SchedulingState.Paused)
        {
            throw new RunRefusedException(plan.Id, "not-paused",
                $"WFRUN003: workflow '{plan.Id}' has no run held by the safety catch (scheduling is {record.Scheduling}): there is nothing to confirm; use a manual run instead.");
        }

        var heartbeat = await _lock.TakeAsync(db, record, runId, now, cancellationToken);
        try
        {
            var run = new RunRecord { Id = runId, WorkflowId = plan.Id, Trigger = trigger, StartedBy = startedBy, StartedAt = now, Outcome = RunOutcome.InProgress };
            db.Runs.Add(run);
            await db.SaveChangesAsync(cancellationToken);

            var validation = await RunValidator.ValidateAsync(db, plan, _options.Templates, cancellationToken);
            string errorText = string.Join("\n", validation.Errors);
            await db.Workflows.Where(w => w.Id == plan.Id).ExecuteUpdateAsync(s => s
                .SetProperty(w => w.HasErrors, validation.HasErrors)
                .SetProperty(w => w.Errors, errorText), cancellationToken);
            if (validation.HasErrors)
            {
                run.Outcome = RunOutcome.RefusedErrors;
                run.Notes = errorText;
                run.FinishedAt = now;
                await db.SaveChangesAsync(cancellationToken);
                await StopAsync(heartbeat, plan.Id, runId);
                return new Started(runId, now, RunOutcome.RefusedErrors, validation.Errors, null);
            }

            // Only a scheduled run is subject to the safety catch, so only it counts the first messages
            // before it runs (a pass over the whole target group that writes nothing); other runs count
            // them as they go, with the same pass and the same rule (StepMachine.FirstMessageOf).
            if (trigger == RunTrigger.Scheduled)
            {
                (run.FirstMessagesEmailPush, run.FirstMessagesSms) = await _safetyCatch.CountAsync(db, plan, now, cancellationToken);
                if (_safetyCatch.Hold(record, run.FirstMessagesEmailPush, run.FirstMessagesSms) is { } held)
                {
                    run.Outcome = RunOutcome.HeldBySafetyCatch;
                    run.FinishedAt = now;
                    run.Notes = held;
                    await db.SaveChangesAsync(cancellationToken);
                    await db.Workflows.Where(w => w.Id == plan.Id).ExecuteUpdateAsync(s => s.SetProperty(w => w.Scheduling, SchedulingState.Paused), cancellationToken);
                    await StopAsync(heartbeat, plan.Id, runId);
                    return new Started(runId, now, RunOutcome.HeldBySafetyCatch, [], null);
                }
            }
            await db.SaveChangesAsync(cancellationToken);
            await RunLock.SetStatusAsync(db, plan.Id, runId, WorkflowStatus.Running, cancellationToken);
            return new Started(runId, now, RunOutcome.InProgress, [], heartbeat);
        }
        catch (Exception ex)
        {
            await RunWriter.MarkFailedAsync(_database, runId, Now, ex);
            await StopAsync(heartbeat, plan.Id, runId);
            throw;
        }
    }

    private async Task StopAsync(RunLock.Heartbeat heartbeat, string workflowId, Guid runId)
    {
        await heartbeat.DisposeAsync();
        await _lock.ReleaseAsync(workflowId, runId);
    }

    // The per-user pass with the writer, then the Skipped results of the channels its messages skipped.
    private async Task PlanUsersAsync(WorkflowDbContext db, WorkflowPlan plan, Guid runId, DateTime now, UserRange range, RunTally tally, CancellationToken cancellationToken)
    {
        var writer = new RunWriter(db, plan.Id, runId, now);
        await _pass.RunAsync(db, plan, now, range, tally, writer, cancellationToken);
        await writer.SkippedResultsAsync(tally, cancellationToken);
    }

    private static async Task<WorkflowRecord> EnsureRecordAsync(WorkflowDbContext db, WorkflowPlan plan, DateTime now, CancellationToken cancellationToken)
    {
        var record = await db.Workflows.FirstOrDefaultAsync(w => w.Id == plan.Id, cancellationToken);
        if (record is null)
        {
            record = new WorkflowRecord { Id = plan.Id, Name = plan.Name, UpdatedAt = now };
            db.Workflows.Add(record);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Another request registered it at the same moment.
                db.ChangeTracker.Clear();
                record = await db.Workflows.FirstAsync(w => w.Id == plan.Id, cancellationToken);
            }
        }
        else if (record.Name != plan.Name)
        {
            record.Name = plan.Name;
            record.UpdatedAt = now;
            await db.SaveChangesAsync(cancellationToken);
        }
        db.ChangeTracker.Clear();
        return record;
    }

    private Task HookAsync(RunPoint point) => _options.OnRunPoint?.Invoke(point) ?? Task.CompletedTask;

    internal static IEnumerable<Channel> Split(Channel channels)
    {
        foreach (var channel in new[] { Channel.Email, Channel.Push, Channel.Sms })
            if (channels.HasFlag(channel)) yield return channel;
    }
}

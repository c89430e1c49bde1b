using Microsoft.EntityFrameworkCore;
using WorkflowDsl.Plan;
using WorkflowDsl.Runtime.Storage;
using WorkflowDsl.Runtime.TargetGroups;
using WorkflowDsl.Users;

namespace WorkflowDsl.Runtime.Runs;

/// <summary>Runs workflows: takes the run lock, validates, applies the safety catch to scheduled runs,
/// finds the target group in the database, advances every user with <see cref="StepMachine"/> and
/// writes progress and outbox rows in one transaction. Delivery is not done here: the outbox is.</summary>
public sealed class RunEngine
{
    private readonly WorkflowDatabase _database;
    private readonly TimeProvider _time;
    private readonly RunOptions _options;

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
            var (emailPush, sms) = await CountFirstMessagesAsync(db, plan, now, cancellationToken);
            record.BaselineEmailPush = emailPush;
            record.BaselineSms = sms;
            record.Scheduling = SchedulingState.On;
        }
        else
        {
            record.Scheduling = SchedulingState.Off;
        }
        record.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        return record;
    }

    /// <summary>How many people would get their first message (email or push, and SMS) if the
    /// workflow ran now: users in the target group the workflow has never seen, without an active
    /// completion, counted when the first step messages the user on those channels.</summary>
    public async Task<(int EmailPush, int Sms)> CountFirstMessagesAsync(WorkflowPlan plan, CancellationToken cancellationToken = default)
    {
        await using var db = _database.CreateContext();
        return await CountFirstMessagesAsync(db, plan, Now, cancellationToken);
    }

    /// <summary>Runs the workflow in one pass: the whole run's progress and outbox rows in one transaction.</summary>
    /// <exception cref="RunRefusedException">Another run is under way, or (for scheduled runs) scheduling is not On.</exception>
    public async Task<RunReport> RunAsync(WorkflowPlan plan, RunTrigger trigger, string startedBy, CancellationToken cancellationToken = default)
    {
        var start = await StartAsync(plan, trigger, startedBy, cancellationToken);
        if (start.Outcome != RunOutcome.InProgress) return await ReportAsync(start.RunId, cancellationToken);
        try
        {
            await using (var db = _database.CreateContext())
            {
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                var tally = new RunTally();
                await ProcessUsersAsync(db, plan, start.RunId, start.Now, new UserRange(null, null), tally, cancellationToken);
                await BulkInsert.SkippedResultsAsync(db, start.RunId, start.Now, tally.SkippedUserChannels, cancellationToken);
                await PlanDigestsAsync(db, plan, start.RunId, start.Now, tally, cancellationToken);
                await ApplyTallyAsync(db, plan, start.RunId, trigger, tally, cancellationToken);
                await CompleteRunAsync(db, plan, start.RunId, trigger, cancellationToken);
                await HookAsync(RunPoint.BeforeCommit);
                await transaction.CommitAsync(cancellationToken);
            }
            await HookAsync(RunPoint.AfterCommit);
        }
        catch (Exception ex)
        {
            await MarkFailedAsync(start.RunId, ex);
            throw;
        }
        finally
        {
            await ReleaseLockAsync(plan.Id, start.RunId);
        }
        return await ReportAsync(start.RunId, cancellationToken);
    }

    /// <summary>Starts a run split into chunks of about <paramref name="chunkSize"/> target users, for
    /// processing by several workers: takes the lock, validates and applies the safety catch as
    /// <see cref="RunAsync"/> does. Each chunk commits on its own; digests are planned when the run finishes.</summary>
    public async Task<ChunkedRun> BeginChunkedRunAsync(WorkflowPlan plan, RunTrigger trigger, string startedBy, int chunkSize, CancellationToken cancellationToken = default)
    {
        if (chunkSize < 1) throw new ArgumentOutOfRangeException(nameof(chunkSize), chunkSize, "A chunk holds at least one user.");
        var start = await StartAsync(plan, trigger, startedBy, cancellationToken);
        if (start.Outcome != RunOutcome.InProgress)
            return new ChunkedRun(start.RunId, start.Outcome, [], start.Errors);
        try
        {
            await using var db = _database.CreateContext();
            var group = new TargetGroupQuery(db, plan, start.Now);
            var chunks = new List<UserRange>();
            string? after = null;
            while (true)
            {
                var query = group.Users();
                if (after is not null) query = query.Where(u => string.Compare(u.Id, after) > 0);
                string? last = await query.OrderBy(u => u.Id).Select(u => u.Id).Skip(chunkSize - 1).FirstOrDefaultAsync(cancellationToken);
                if (last is null)
                {
                    chunks.Add(new UserRange(after, null));
                    break;
                }
                chunks.Add(new UserRange(after, last));
                after = last;
            }
            return new ChunkedRun(start.RunId, RunOutcome.InProgress, chunks, []);
        }
        catch (Exception ex)
        {
            await MarkFailedAsync(start.RunId, ex);
            await ReleaseLockAsync(plan.Id, start.RunId);
            throw;
        }
    }

    /// <summary>Processes one chunk of a chunked run in its own transaction. Retrying a chunk is safe:
    /// progress already committed makes the retry plan nothing twice.</summary>
    public async Task ProcessChunkAsync(WorkflowPlan plan, Guid runId, UserRange chunk, CancellationToken cancellationToken = default)
    {
        await using var db = _database.CreateContext();
        var run = await RequireLockedRunAsync(db, plan, runId, cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var tally = new RunTally();
        await ProcessUsersAsync(db, plan, runId, run.StartedAt, chunk, tally, cancellationToken);
        await BulkInsert.SkippedResultsAsync(db, runId, run.StartedAt, tally.SkippedUserChannels, cancellationToken);
        await ApplyTallyAsync(db, plan, runId, run.Trigger, tally, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Finishes a chunked run: plans one digest per manager / HR partner and step for the whole
    /// run, records the results and releases the lock.</summary>
    public async Task<RunReport> FinishChunkedRunAsync(WorkflowPlan plan, Guid runId, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = _database.CreateContext();
            var run = await RequireLockedRunAsync(db, plan, runId, cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var tally = new RunTally();
            await PlanDigestsAsync(db, plan, runId, run.StartedAt, tally, cancellationToken);
            await ApplyTallyAsync(db, plan, runId, run.Trigger, tally, cancellationToken);
            await CompleteRunAsync(db, plan, runId, run.Trigger, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            await ReleaseLockAsync(plan.Id, runId);
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

    private sealed record Started(Guid RunId, DateTime Now, RunOutcome Outcome, IReadOnlyList<string> Errors);

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

        // Read first, so a refusal is immediate even where writers queue (SQLite); then take the lock
        // with one conditional update, which only one of several concurrent requests can win.
        var staleBefore = now - _options.LockTimeout;
        if (record.LockRunId is not null && record.LockedAt >= staleBefore)
            throw new WorkflowBusyException(plan.Id, record.LockRunId, record.LockedAt);
        int taken = await db.Workflows
            .Where(w => w.Id == plan.Id && (w.LockRunId == null || w.LockedAt < staleBefore))
            .ExecuteUpdateAsync(s => s
                .SetProperty(w => w.Status, WorkflowStatus.Starting)
                .SetProperty(w => w.LockRunId, runId)
                .SetProperty(w => w.LockedAt, now)
                .SetProperty(w => w.UpdatedAt, now), cancellationToken);
        if (taken == 0)
        {
            var holder = await db.Workflows.AsNoTracking().FirstAsync(w => w.Id == plan.Id, cancellationToken);
            throw new WorkflowBusyException(plan.Id, holder.LockRunId, holder.LockedAt);
        }

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
                await ReleaseLockAsync(plan.Id, runId);
                return new Started(runId, now, RunOutcome.RefusedErrors, validation.Errors);
            }

            // Only a scheduled run is subject to the safety catch, so only it counts the first messages
            // before it runs (the whole target group once more); other runs count them as they go
            // (ApplyTallyAsync): the same users, those of the group the workflow has never seen and
            // without an active completion.
            var (emailPush, sms) = trigger == RunTrigger.Scheduled ? await CountFirstMessagesAsync(db, plan, now, cancellationToken) : (0, 0);
            run.FirstMessagesEmailPush = emailPush;
            run.FirstMessagesSms = sms;
            if (trigger == RunTrigger.Scheduled
                && (emailPush > (record.BaselineEmailPush ?? 0) + _options.SafetyMarginEmailPush
                    || sms > (record.BaselineSms ?? 0) + _options.SafetyMarginSms))
            {
                run.Outcome = RunOutcome.HeldBySafetyCatch;
                run.FinishedAt = now;
                run.Notes = $"WFRUN020: held by the safety catch: {emailPush} people would get their first email/push message (baseline {record.BaselineEmailPush ?? 0} + {_options.SafetyMarginEmailPush}) " +
                            $"and {sms} their first SMS (baseline {record.BaselineSms ?? 0} + {_options.SafetyMarginSms}). Nothing was sent and scheduling is paused: check the target group, then confirm the run.";
                await db.SaveChangesAsync(cancellationToken);
                await db.Workflows.Where(w => w.Id == plan.Id).ExecuteUpdateAsync(s => s.SetProperty(w => w.Scheduling, SchedulingState.Paused), cancellationToken);
                await ReleaseLockAsync(plan.Id, runId);
                return new Started(runId, now, RunOutcome.HeldBySafetyCatch, []);
            }
            await db.SaveChangesAsync(cancellationToken);
            await db.Workflows.Where(w => w.Id == plan.Id && w.LockRunId == runId)
                .ExecuteUpdateAsync(s => s.SetProperty(w => w.Status, WorkflowStatus.Running), cancellationToken);
            return new Started(runId, now, RunOutcome.InProgress, []);
        }
        catch (Exception ex)
        {
            await MarkFailedAsync(runId, ex);
            await ReleaseLockAsync(plan.Id, runId);
            throw;
        }
    }

    private sealed class TargetRow
    {
        public string Id { get; init; } = "";
        public string? Email { get; init; }
        public string? Phone { get; init; }
        public string? ManagerId { get; init; }
        public string? HrPartnerId { get; init; }
        public bool HasDeviceToken { get; init; }
        public bool CompletedAll { get; init; }

        /// <summary>The page query's projection, with <paramref name="completedAll"/> (the target
        /// group's own completion condition) as <see cref="CompletedAll"/>, and the device-token
        /// lookup only when <paramref name="deviceTokens"/> (a message to users goes out by push).</summary>
        public static System.Linq.Expressions.Expression<Func<DirectoryUser, TargetRow>> Projection(System.Linq.Expressions.Expression<Func<DirectoryUser, bool>> completedAll, bool deviceTokens)
        {
            System.Linq.Expressions.Expression<Func<DirectoryUser, TargetRow>> template = u => new TargetRow
            {
                Id = u.Id,
                Email = u.Email,
                Phone = u.Phone,
                ManagerId = u.ManagerId,
                HrPartnerId = u.HrPartnerId,
                HasDeviceToken = u.DeviceTokens.Any(),
                CompletedAll = false,
            };
            var user = template.Parameters[0];
            var body = (System.Linq.Expressions.MemberInitExpression)template.Body;
            var completed = new TargetGroups.ReplaceParameter(completedAll.Parameters[0], user).Visit(completedAll.Body);
            var bindings = body.Bindings
                .Where(b => deviceTokens || b.Member.Name != nameof(HasDeviceToken))
                .Select(b => b.Member.Name == nameof(CompletedAll) ? System.Linq.Expressions.Expression.Bind(b.Member, completed) : b);
            return System.Linq.Expressions.Expression.Lambda<Func<DirectoryUser, TargetRow>>(body.Update(body.NewExpression, bindings), user);
        }
    }

    private async Task ProcessUsersAsync(WorkflowDbContext db, WorkflowPlan plan, Guid runId, DateTime now, UserRange range, RunTally tally, CancellationToken cancellationToken)
    {
        var group = new TargetGroupQuery(db, plan, now);
        var steps = plan.Steps;
        string workflowId = plan.Id;
        // Per user, the page query evaluates only what this plan needs: whether the user completed the
        // contents, unless the group already leaves out those who did (then nobody in it has); whether
        // the user has a push device, only if a message to users goes out by push.
        var projection = TargetRow.Projection(
            plan.TargetGroup.ExcludeCompleted ? u => false : TargetGroupQuery.CompletedAll(db, plan.Contents, now),
            deviceTokens: steps.OfType<MessageStep>().Any(m => m.Recipient == Recipient.User && m.Channels.HasFlag(Channel.Push)));
        string? after = range.AfterUserId;
        string? upTo = range.UpToUserId;
        var sends = new List<PlannedSend>();
        var newProgress = new List<UserProgress>();
        var newOutbox = new List<OutboxMessage>();
        int processed = 0;
        // A workflow that has seen nobody yet (its first run, or a first chunk) has no progress to load for
        // any page: the pages' users are new to it, and the rows this run writes are for users of earlier
        // pages (pages never overlap; nor do chunks).
        bool anySeen = await db.Progress.AnyAsync(p => p.WorkflowId == workflowId, cancellationToken);
        while (true)
        {
            IQueryable<DirectoryUser> query = group.Users();
            if (after is not null) query = query.Where(u => string.Compare(u.Id, after) > 0);
            if (upTo is not null) query = query.Where(u => string.Compare(u.Id, upTo) <= 0);
            var page = await query.OrderBy(u => u.Id).Take(_options.PageSize).Select(projection).ToListAsync(cancellationToken);
            if (page.Count == 0) break;

            var ids = page.Select(p => p.Id).ToList();
            // EF.Parameter: the id list goes in as ONE array parameter (json_each on SQLite, = ANY on PostgreSQL)
            // rather than EF 10's default of one parameter per id, whose binding cost ~40 ms per 2,000-id page.
            var progress = anySeen
                ? await db.Progress.Where(p => p.WorkflowId == workflowId && EF.Parameter(ids).Contains(p.UserId)).ToDictionaryAsync(p => p.UserId, cancellationToken)
                : [];
            // Only users the workflow has seen can have had messages.
            var seen = progress.Keys.ToList();
            var had = new HashSet<(string UserId, string StepKey, int Repeat)>();
            if (seen.Count > 0)
            {
                foreach (var m in await db.Outbox.Where(m => m.WorkflowId == workflowId && m.RecipientKind == Recipient.User && EF.Parameter(seen).Contains(m.RecipientId))
                             .Select(m => new { m.RecipientId, m.StepKey, m.Repeat }).ToListAsync(cancellationToken))
                    had.Add((m.RecipientId, m.StepKey, m.Repeat));
                foreach (var d in await db.DigestEntries.Where(d => d.WorkflowId == workflowId && EF.Parameter(seen).Contains(d.TargetUserId))
                             .Select(d => new { d.TargetUserId, d.StepKey, d.Repeat }).ToListAsync(cancellationToken))
                    had.Add((d.TargetUserId, d.StepKey, d.Repeat));
            }
            newProgress.Clear();
            newOutbox.Clear();

            foreach (var user in page)
            {
                tally.Targets++;
                progress.TryGetValue(user.Id, out var state);
                if (user.CompletedAll)
                {
                    tally.CompletedUsers++;
                    if (state is not null && !state.Completed)
                    {
                        state.Completed = true;
                        state.UpdatedAt = now;
                    }
                    continue;
                }

                var cursor = state is null
                    ? new StepCursor(0, null, 0)
                    : StepMachine.Locate(steps, state.StepKey, state.PassedStepKey, state.StepIndex, state.RepeatsDone, state.LastSentAt);
                sends.Clear();
                string userId = user.Id;
                var next = StepMachine.Advance(steps, cursor, now, state?.FirstSeenAt ?? now, (key, repeat) => had.Contains((userId, key, repeat)), sends);

                if (state is null)
                {
                    state = new UserProgress { WorkflowId = workflowId, UserId = user.Id, FirstSeenAt = now, UpdatedAt = now };
                    newProgress.Add(state);
                    tally.NewUsers++;
                }
                string? stepKey = next.Index < steps.Count ? steps[next.Index].Key : null;
                string? passedKey = next.Index > 0 ? steps[next.Index - 1].Key : null;
                if (state.StepKey != stepKey || state.PassedStepKey != passedKey || state.StepIndex != next.Index || state.LastSentAt != next.LastSentAt
                    || state.RepeatsDone != next.RepeatsDone || state.Completed || state.Finished != (stepKey is null))
                {
                    state.StepKey = stepKey;
                    state.PassedStepKey = passedKey;
                    state.StepIndex = next.Index;
                    state.LastSentAt = next.LastSentAt;
                    state.RepeatsDone = next.RepeatsDone;
                    state.Finished = stepKey is null;
                    state.Completed = false;
                    state.UpdatedAt = now;
                }

                foreach (var send in sends) PlanSend(db, workflowId, runId, now, user, send, tally, newOutbox);
            }

            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            await BulkInsert.ProgressAsync(db, newProgress, cancellationToken);
            await BulkInsert.OutboxAsync(db, newOutbox, cancellationToken);
            processed += page.Count;
            _options.Progress?.Report(new RunProgress(workflowId, processed));
            await HookAsync(RunPoint.AfterPage);
            if (page.Count < _options.PageSize) break;
            after = page[^1].Id;
        }
    }

    private static void PlanSend(WorkflowDbContext db, string workflowId, Guid runId, DateTime now, TargetRow user, PlannedSend send, RunTally tally, List<OutboxMessage> newOutbox)
    {
        var message = send.Message;
        if (message.Recipient == Recipient.User)
        {
            var reachable = ContactData.Reachable(message.Channels, user.Email, user.Phone, user.HasDeviceToken);
            var row = new OutboxMessage
            {
                WorkflowId = workflowId, RunId = runId, RecipientKind = Recipient.User, RecipientId = user.Id,
                StepKey = send.StepKey, Repeat = send.Repeat, Batch = "", TemplateId = message.TemplateId,
                Channels = reachable, SkippedChannels = message.Channels & ~reachable, CreatedAt = now,
            };
            // The Skipped delivery results are written set-based when the run's users are done (BulkInsert.SkippedResultsAsync).
            tally.SkippedUserChannels |= row.SkippedChannels;
            foreach (var channel in Split(row.SkippedChannels))
                tally.Issue("no-contact-data", send.StepKey, channel, user.Id, "recipients skipped on this channel: " + ContactData.MissingReason(channel));
            newOutbox.Add(row);
            tally.UserMessages++;
            return;
        }

        string? recipientId = message.Recipient == Recipient.Manager ? user.ManagerId : user.HrPartnerId;
        if (string.IsNullOrEmpty(recipientId))
        {
            // Reported, not crashed on: the user moves on; nobody is told about them at this step.
            tally.Issue(message.Recipient == Recipient.Manager ? "no-manager" : "no-hr-partner", send.StepKey, Channel.None, user.Id,
                message.Recipient == Recipient.Manager
                    ? "users without a manager: nobody got the digest about them; set their manager in the directory"
                    : "users without an HR partner: nobody got the digest about them; set their HR partner in the directory");
            return;
        }
        db.DigestEntries.Add(new DigestEntry
        {
            WorkflowId = workflowId, TargetUserId = user.Id, StepKey = send.StepKey, Repeat = send.Repeat, RunId = runId,
            RecipientKind = message.Recipient, RecipientId = recipientId, TemplateId = message.TemplateId, Channels = message.Channels,
        });
    }

    private async Task PlanDigestsAsync(WorkflowDbContext db, WorkflowPlan plan, Guid runId, DateTime now, RunTally tally, CancellationToken cancellationToken)
    {
        string workflowId = plan.Id;
        var entries = await db.DigestEntries.Where(d => d.WorkflowId == workflowId && d.RunId == runId && d.OutboxMessageId == null).ToListAsync(cancellationToken);
        if (entries.Count == 0) return;
        var recipientIds = entries.Select(e => e.RecipientId).Distinct().ToList();
        var recipients = new Dictionary<string, TargetRow>();
        foreach (var batch in recipientIds.Chunk(1000))
        {
            var list = batch.ToList();
            foreach (var r in await db.Users.Where(u => list.Contains(u.Id))
                         .Select(u => new TargetRow { Id = u.Id, Email = u.Email, Phone = u.Phone, HasDeviceToken = u.DeviceTokens.Any() })
                         .ToListAsync(cancellationToken))
                recipients[r.Id] = r;
        }
        string batchKey = runId.ToString("N");
        foreach (var digest in entries.GroupBy(e => (e.RecipientKind, e.RecipientId, e.StepKey, e.Repeat)).OrderBy(g => g.Key.RecipientId, StringComparer.Ordinal))
        {
            var first = digest.First();
            recipients.TryGetValue(digest.Key.RecipientId, out var recipient);
            var reachable = recipient is null ? Channel.None : ContactData.Reachable(first.Channels, recipient.Email, recipient.Phone, recipient.HasDeviceToken);
            var row = new OutboxMessage
            {
                WorkflowId = workflowId, RunId = runId, RecipientKind = digest.Key.RecipientKind, RecipientId = digest.Key.RecipientId,
                StepKey = digest.Key.StepKey, Repeat = digest.Key.Repeat, Batch = batchKey, TemplateId = first.TemplateId,
                Channels = reachable, SkippedChannels = first.Channels & ~reachable, CreatedAt = now, ListedUsers = digest.Count(),
            };
            foreach (var channel in Split(row.SkippedChannels))
            {
                string reason = recipient is null
                    ? $"digest recipient '{digest.Key.RecipientId}' is not in the directory: import the user or fix the manager / HR partner ids"
                    : ContactData.MissingReason(channel);
                row.Results.Add(new DeliveryResult { Channel = channel, Status = DeliveryStatus.Skipped, Reason = reason, At = now });
                tally.Issue(recipient is null ? "unknown-digest-recipient" : "no-contact-data", digest.Key.StepKey, channel, digest.Key.RecipientId, "digest recipients skipped on this channel: " + reason);
            }
            row.Entries.AddRange(digest);
            db.Outbox.Add(row);
            tally.DigestMessages++;
        }
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }

    private static async Task ApplyTallyAsync(WorkflowDbContext db, WorkflowPlan plan, Guid runId, RunTrigger trigger, RunTally tally, CancellationToken cancellationToken)
    {
        // A scheduled run counted its first messages when it started (the safety catch); other runs count
        // them here: the users this run saw for the first time that had no active completion.
        var (emailPushChannel, smsChannel) = FirstMessageChannels(plan);
        int firstEmailPush = trigger != RunTrigger.Scheduled && emailPushChannel ? tally.NewUsers : 0;
        int firstSms = trigger != RunTrigger.Scheduled && smsChannel ? tally.NewUsers : 0;
        await db.Runs.Where(r => r.Id == runId).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.FirstMessagesEmailPush, r => r.FirstMessagesEmailPush + firstEmailPush)
            .SetProperty(r => r.FirstMessagesSms, r => r.FirstMessagesSms + firstSms)
            .SetProperty(r => r.Targets, r => r.Targets + tally.Targets)
            .SetProperty(r => r.NewUsers, r => r.NewUsers + tally.NewUsers)
            .SetProperty(r => r.CompletedUsers, r => r.CompletedUsers + tally.CompletedUsers)
            .SetProperty(r => r.UserMessages, r => r.UserMessages + tally.UserMessages)
            .SetProperty(r => r.DigestMessages, r => r.DigestMessages + tally.DigestMessages), cancellationToken);
        db.RunIssues.AddRange(tally.ToRows(runId));
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }

    private async Task CompleteRunAsync(WorkflowDbContext db, WorkflowPlan plan, Guid runId, RunTrigger trigger, CancellationToken cancellationToken)
    {
        var now = Now;
        var run = await db.Runs.FirstAsync(r => r.Id == runId, cancellationToken);
        run.Outcome = RunOutcome.Completed;
        run.FinishedAt = now;
        if (trigger == RunTrigger.Confirmed)
        {
            // The administrator accepted these counts: they are the new baseline.
            var record = await db.Workflows.FirstAsync(w => w.Id == plan.Id, cancellationToken);
            record.BaselineEmailPush = run.FirstMessagesEmailPush;
            record.BaselineSms = run.FirstMessagesSms;
            record.Scheduling = SchedulingState.On;
            record.UpdatedAt = now;
        }
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }

    /// <summary>Whether a user's first message goes out on email or push, and on SMS: the first step
    /// messages the user on those channels.</summary>
    private static (bool EmailPush, bool Sms) FirstMessageChannels(WorkflowPlan plan) =>
        plan.Steps.Count == 0 || plan.Steps[0] is not MessageStep first || first.Recipient != Recipient.User
            ? (false, false)
            : ((first.Channels & (Channel.Email | Channel.Push)) != 0, first.Channels.HasFlag(Channel.Sms));

    private static async Task<(int EmailPush, int Sms)> CountFirstMessagesAsync(WorkflowDbContext db, WorkflowPlan plan, DateTime now, CancellationToken cancellationToken)
    {
        var (emailPush, sms) = FirstMessageChannels(plan);
        if (!emailPush && !sms) return (0, 0);
        string workflowId = plan.Id;
        var completed = TargetGroupQuery.CompletedAll(db, plan.Contents, now);
        var notCompleted = System.Linq.Expressions.Expression.Lambda<Func<DirectoryUser, bool>>(
            System.Linq.Expressions.Expression.Not(completed.Body), completed.Parameters);
        int count = await new TargetGroupQuery(db, plan, now).Users()
            .Where(u => !db.Progress.Any(p => p.WorkflowId == workflowId && p.UserId == u.Id))
            .Where(notCompleted)
            .CountAsync(cancellationToken);
        return (emailPush ? count : 0, sms ? count : 0);
    }

    private async Task<RunRecord> RequireLockedRunAsync(WorkflowDbContext db, WorkflowPlan plan, Guid runId, CancellationToken cancellationToken)
    {
        var run = await db.Runs.AsNoTracking().FirstOrDefaultAsync(r => r.Id == runId, cancellationToken)
            ?? throw new RunRefusedException(plan.Id, "unknown-run", $"WFRUN004: run {runId} does not exist: start it with BeginChunkedRunAsync.");
        bool holds = await db.Workflows.AnyAsync(w => w.Id == plan.Id && w.LockRunId == runId, cancellationToken);
        if (!holds || run.Outcome != RunOutcome.InProgress)
            throw new RunRefusedException(plan.Id, "lock-lost", $"WFRUN005: run {runId} of '{plan.Id}' no longer holds the run lock (it finished, failed or timed out): start a new run.");
        return run;
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

    private async Task ReleaseLockAsync(string workflowId, Guid runId)
    {
        await using var db = _database.CreateContext();
        var now = Now;
        await db.Workflows.Where(w => w.Id == workflowId && w.LockRunId == runId).ExecuteUpdateAsync(s => s
            .SetProperty(w => w.Status, WorkflowStatus.Stopped)
            .SetProperty(w => w.LockRunId, (Guid?)null)
            .SetProperty(w => w.LockedAt, (DateTime?)null)
            .SetProperty(w => w.UpdatedAt, now));
    }

    private async Task MarkFailedAsync(Guid runId, Exception exception)
    {
        try
        {
            await using var db = _database.CreateContext();
            var now = Now;
            string note = ("Failed: " + exception.GetType().Name + ": " + exception.Message);
            if (note.Length > 4000) note = note[..4000];
            await db.Runs.Where(r => r.Id == runId && r.Outcome == RunOutcome.InProgress).ExecuteUpdateAsync(s => s
                .SetProperty(r => r.Outcome, RunOutcome.Failed)
                .SetProperty(r => r.FinishedAt, now)
                .SetProperty(r => r.Notes, note));
        }
        catch (Exception)
        {
            // Recording the failure is best effort; the original exception is what the caller needs.
        }
    }

    private Task HookAsync(RunPoint point) => _options.OnRunPoint?.Invoke(point) ?? Task.CompletedTask;

    internal static IEnumerable<Channel> Split(Channel channels)
    {
        foreach (var channel in new[] { Channel.Email, Channel.Push, Channel.Sms })
            if (channels.HasFlag(channel)) yield return channel;
    }
}

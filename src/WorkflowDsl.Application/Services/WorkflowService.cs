using Cronos;
using Microsoft.EntityFrameworkCore;
using WorkflowDsl.Dispatch.Dispatching;
using WorkflowDsl.Dispatch.Results;
using WorkflowDsl.Dispatch.Storage;
using WorkflowDsl.Plan;
using WorkflowDsl.Rules;
using WorkflowDsl.Runtime.DirectoryImport;
using WorkflowDsl.Runtime.Results;
using WorkflowDsl.Runtime.Runs;
using WorkflowDsl.Runtime.Storage;
using WorkflowDsl.Runtime.TargetGroups;

namespace WorkflowDsl.Application.Services;

/// <summary>The application service: translates, authorizes by the caller's labels and permissions, and
/// asks the parts that own each rule (the run engine, the target-group query, the results, the dispatcher).
/// It adds no product rule of its own.</summary>
internal sealed class WorkflowService(
    WorkflowDatabase database,
    DispatchDatabase dispatchDatabase,
    WorkflowCatalog catalog,
    RunEngine engine,
    OutboxDispatcher dispatcher,
    RunConfirmations confirmations,
    TimeProvider time) : IWorkflowService
{
    private const int NextFireTimes = 5;

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    public async Task<Outcome<Page<WorkflowSummary>>> ListAsync(Caller caller, WorkflowListQuery query, CancellationToken cancellationToken = default)
    {
        var paging = query.EffectivePaging;
        if (paging.Check() is { } bad) return bad;
        if (!caller.Has(Permission.View)) return Forbidden(caller, Permission.View);

        var plans = catalog.Plans.Values.Where(p => caller.CanSee(p.Labels));
        if (!string.IsNullOrWhiteSpace(query.Label)) plans = plans.Where(p => p.Labels.Contains(query.Label));
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            string search = query.Search.Trim();
            plans = plans.Where(p => p.Id.Contains(search, StringComparison.OrdinalIgnoreCase) || p.Name.Contains(search, StringComparison.OrdinalIgnoreCase));
        }
        var visible = plans.ToList();
        var ids = visible.Select(p => p.Id).ToList();
        await using var db = dispatchDatabase.CreateContext();
        var records = await db.Workflows.AsNoTracking().Where(w => ids.Contains(w.Id)).ToDictionaryAsync(w => w.Id, cancellationToken);
        var rows = visible.Select(p => (Plan: p, Record: records.GetValueOrDefault(p.Id) ?? new WorkflowRecord { Id = p.Id, Name = p.Name }))
            .Where(r => query.Status is null || r.Record.Status == query.Status)
            .Where(r => query.Scheduling is null || r.Record.Scheduling == query.Scheduling)
            .Where(r => query.HasErrors is null || HasErrors(r.Plan, r.Record) == query.HasErrors)
            .ToList();
        IEnumerable<(WorkflowPlan Plan, WorkflowRecord Record)> sorted = query.Sort switch
        {
            WorkflowSort.Id => Order(rows, r => r.Plan.Id, query.Descending),
            WorkflowSort.Status => Order(rows, r => r.Record.Status, query.Descending),
            WorkflowSort.Scheduling => Order(rows, r => r.Record.Scheduling, query.Descending),
            WorkflowSort.Updated => Order(rows, r => records.ContainsKey(r.Plan.Id) ? r.Record.UpdatedAt : DateTime.MinValue, query.Descending),
            _ => Order(rows, r => r.Plan.Name, query.Descending),
        };
        var items = new List<WorkflowSummary>();
        foreach (var (plan, _) in sorted.Skip(paging.Skip).Take(paging.PageSize))
            items.Add(await SummarizeAsync(db, plan, records.GetValueOrDefault(plan.Id), cancellationToken));
        return new Page<WorkflowSummary>(items, paging.Page, paging.PageSize, rows.Count);
    }

    public async Task<Outcome<WorkflowDetails>> GetAsync(Caller caller, string workflowId, CancellationToken cancellationToken = default)
    {
        if (Find(caller, workflowId, Permission.View) is { Refusal: { } refusal }) return refusal;
        var plan = catalog.Plans[workflowId];
        await using var db = dispatchDatabase.CreateContext();
        var record = await db.Workflows.AsNoTracking().FirstOrDefaultAsync(w => w.Id == workflowId, cancellationToken);
        var summary = await SummarizeAsync(db, plan, record, cancellationToken);
        var validation = await RunValidator.ValidateAsync(db, plan, catalog.Templates, cancellationToken);
        RunSummary? held = null;
        if (record?.Scheduling == SchedulingState.Paused)
        {
            var run = await db.Runs.AsNoTracking().Where(r => r.WorkflowId == workflowId && r.Outcome == RunOutcome.HeldBySafetyCatch)
                .OrderByDescending(r => r.StartedAt).FirstOrDefaultAsync(cancellationToken);
            if (run is not null) held = RunSummary.From(run);
        }
        var steps = plan.Steps.Select((s, i) => new StepView(i, s.Key, s.Kind, Describe(s))).ToList();
        return new WorkflowDetails(summary, plan, steps, plan.ToMermaid(), validation, Schedule(plan.Schedule),
            record?.BaselineEmailPush, record?.BaselineSms, held);
    }

    public async Task<Outcome<TargetGroupView>> PreviewTargetGroupAsync(Caller caller, string workflowId, TargetGroupPreviewQuery query, CancellationToken cancellationToken = default)
    {
        if (Find(caller, workflowId, Permission.View) is { Refusal: { } refusal }) return refusal;
        var paging = query.EffectivePaging;
        if (paging.Check() is { } bad) return bad;
        var plan = catalog.Plans[workflowId];
        await using var db = database.CreateContext();
        var group = new TargetGroupQuery(db, plan, Now);
        if (query.ExcludedBy is { } index && (index < 0 || index >= group.Conditions.Count))
            return new Refusal(RefusalKind.InvalidInput, "WFAPP003",
                $"condition {index} does not exist: workflow '{workflowId}' has conditions 0 to {group.Conditions.Count - 1}.", "excludedBy");

        int included = await group.Users().CountAsync(cancellationToken);
        var conditions = new List<ConditionCount>();
        for (int i = 0; i < group.Conditions.Count; i++)
            conditions.Add(new ConditionCount(i, group.Conditions[i].Stage, group.Conditions[i].Description, await group.ExcludedBy(i).CountAsync(cancellationToken)));

        var people = query.ExcludedBy is { } excludedBy ? group.ExcludedBy(excludedBy) : group.Users();
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            string search = query.Search.Trim().ToLowerInvariant();
            people = people.Where(u => u.Id.ToLower().Contains(search)
                                       || (u.FirstName + " " + u.LastName).ToLower().Contains(search)
                                       || (u.Email != null && u.Email.ToLower().Contains(search)));
        }
        int total = query.Search is null ? (query.ExcludedBy is { } c ? conditions[c].Excluded : included) : await people.CountAsync(cancellationToken);
        string? reason = query.ExcludedBy is { } e ? group.Conditions[e].Description : null;
        var page = await people.OrderBy(u => u.Id).Skip(paging.Skip).Take(paging.PageSize)
            .Select(u => new { u.Id, u.FirstName, u.LastName, u.Email }).ToListAsync(cancellationToken);
        var items = page.Select(u => new PersonView(u.Id, (u.FirstName + " " + u.LastName).Trim(), u.Email, reason)).ToList();
        return new TargetGroupView(workflowId, included, conditions, new Page<PersonView>(items, paging.Page, paging.PageSize, total));
    }

    public async Task<Outcome<RunPreparation>> PrepareRunAsync(Caller caller, string workflowId, CancellationToken cancellationToken = default)
    {
        if (Find(caller, workflowId, Permission.Run) is { Refusal: { } refusal }) return refusal;
        var preview = await engine.PreviewAsync(catalog.Plans[workflowId], cancellationToken);
        var (token, expires) = confirmations.Issue(workflowId, caller.Name);
        return new RunPreparation(workflowId, preview.Targets, preview.PeopleMessaged, preview.FirstMessagesEmailPush, preview.FirstMessagesSms, token, expires);
    }

    public async Task<Outcome<RunReport>> StartRunAsync(Caller caller, string workflowId, string confirmation, CancellationToken cancellationToken = default)
    {
        if (Find(caller, workflowId, Permission.Run) is { Refusal: { } refusal }) return refusal;
        if (confirmations.Check(confirmation, workflowId, caller.Name) is { } problem)
            return new Refusal(RefusalKind.InvalidInput, "WFAPP004", $"run of '{workflowId}' not started: {problem}", "confirmation");
        return await RunAsync(workflowId, () => engine.RunNowAsync(catalog.Plans[workflowId], caller.Name, cancellationToken));
    }

    public async Task<Outcome<RunReport>> RunScheduledAsync(Caller caller, string workflowId, CancellationToken cancellationToken = default)
    {
        if (Find(caller, workflowId, Permission.Run) is { Refusal: { } refusal }) return refusal;
        return await RunAsync(workflowId, () => engine.RunScheduledAsync(catalog.Plans[workflowId], cancellationToken));
    }

    public async Task<Outcome<RunReport>> ConfirmHeldRunAsync(Caller caller, string workflowId, CancellationToken cancellationToken = default)
    {
        if (Find(caller, workflowId, Permission.ConfirmHeldRuns) is { Refusal: { } refusal }) return refusal;
        return await RunAsync(workflowId, () => engine.ConfirmHeldRunAsync(catalog.Plans[workflowId], caller.Name, cancellationToken));
    }

    public async Task<Outcome<Guid>> ReleaseRunAsync(Caller caller, string workflowId, string reason, CancellationToken cancellationToken = default)
    {
        if (Find(caller, workflowId, Permission.Release) is { Refusal: { } refusal }) return refusal;
        if (string.IsNullOrWhiteSpace(reason) || reason.Length > 1000)
            return new Refusal(RefusalKind.InvalidInput, "WFAPP010", "give the reason for releasing the run (1 to 1000 characters); it is recorded with the interrupted run.", "reason");
        return await engine.ReleaseLockAsync(catalog.Plans[workflowId], caller.Name, reason.Trim(), cancellationToken) is { } runId
            ? runId
            : new Refusal(RefusalKind.Conflict, "WFAPP011", $"no run of '{workflowId}' holds the run lock: there is nothing to release.");
    }

    public async Task<Outcome<IReadOnlyList<string>>> ReleaseExpiredRunsAsync(Caller caller, CancellationToken cancellationToken = default)
    {
        if (!caller.Has(Permission.Release)) return Forbidden(caller, Permission.Release);
        return Outcome<IReadOnlyList<string>>.Success(await engine.ReleaseExpiredLocksAsync(cancellationToken));
    }

    public async Task<Outcome<WorkflowSummary>> SetSchedulingAsync(Caller caller, string workflowId, bool on, CancellationToken cancellationToken = default)
    {
        if (Find(caller, workflowId, Permission.Schedule) is { Refusal: { } refusal }) return refusal;
        var plan = catalog.Plans[workflowId];
        if (on && plan.Schedule is null)
            return new Refusal(RefusalKind.InvalidInput, "WFAPP005",
                $"workflow '{workflowId}' has no schedule, so scheduling cannot be switched on: add .Schedule(cron, timeZone) to its definition, or run it by hand.", "on");
        // The same check as the compiler's (WFDSL015): a schedule the scheduler cannot parse or that never fires is refused here too.
        if (on && CronSyntax.Validate(plan.Schedule!.Cron) is { } cronError)
            return new Refusal(RefusalKind.InvalidInput, RuleIds.InvalidCron,
                $"workflow '{workflowId}' has a schedule that would never run, so scheduling cannot be switched on: {cronError}", "on");
        await engine.SetSchedulingAsync(plan, on, cancellationToken);
        await using var db = dispatchDatabase.CreateContext();
        return await SummarizeAsync(db, plan, cancellationToken);
    }

    public async Task<Outcome<WorkflowResultsView>> GetResultsAsync(Caller caller, string workflowId, CancellationToken cancellationToken = default)
    {
        if (Find(caller, workflowId, Permission.View) is { Refusal: { } refusal }) return refusal;
        await using var db = dispatchDatabase.CreateContext();
        var results = await WorkflowResults.ComputeAsync(db, catalog.Plans[workflowId], Now, cancellationToken);
        var delivery = await DeliveryResults.ComputeAsync(db, workflowId, cancellationToken);
        return new WorkflowResultsView(results, delivery);
    }

    public async Task<Outcome<Page<RunSummary>>> GetRunsAsync(Caller caller, string workflowId, Paging paging, CancellationToken cancellationToken = default)
    {
        if (Find(caller, workflowId, Permission.View) is { Refusal: { } refusal }) return refusal;
        paging = paging.OrFirst();
        if (paging.Check() is { } bad) return bad;
        await using var db = database.CreateContext();
        var runs = db.Runs.AsNoTracking().Where(r => r.WorkflowId == workflowId);
        int total = await runs.CountAsync(cancellationToken);
        var page = await runs.OrderByDescending(r => r.StartedAt).ThenBy(r => r.Id).Skip(paging.Skip).Take(paging.PageSize).ToListAsync(cancellationToken);
        return new Page<RunSummary>(page.Select(RunSummary.From).ToList(), paging.Page, paging.PageSize, total);
    }

    public async Task<Outcome<Page<MessageView>>> GetRunMessagesAsync(Caller caller, string workflowId, Guid runId, Paging paging, CancellationToken cancellationToken = default)
    {
        if (Find(caller, workflowId, Permission.View) is { Refusal: { } refusal }) return refusal;
        paging = paging.OrFirst();
        if (paging.Check() is { } bad) return bad;
        await using var db = database.CreateContext();
        if (!await db.Runs.AnyAsync(r => r.Id == runId && r.WorkflowId == workflowId, cancellationToken))
            return new Refusal(RefusalKind.NotFound, "WFAPP006", $"run {runId} of workflow '{workflowId}' does not exist: list the workflow's runs for their ids.", "runId");
        var messages = db.Outbox.AsNoTracking().Where(m => m.RunId == runId);
        int total = await messages.CountAsync(cancellationToken);
        var page = await messages.OrderBy(m => m.Id).Skip(paging.Skip).Take(paging.PageSize).Include(m => m.Results).ToListAsync(cancellationToken);
        var items = page.Select(m => new MessageView(m.Id, m.StepKey, m.Repeat, m.RecipientKind, m.RecipientId, m.TemplateId, m.Channels, m.SkippedChannels,
            m.ListedUsers, m.CreatedAt, m.Results.OrderBy(r => r.At).ThenBy(r => r.Id).Select(r => new DeliveryResultView(r.Channel, r.Status, r.Reason, r.At)).ToList())).ToList();
        return new Page<MessageView>(items, paging.Page, paging.PageSize, total);
    }

    public async Task<Outcome<ImportSummary>> ImportDirectoryAsync(Caller caller, DirectoryData data, DirectoryImportMode mode, CancellationToken cancellationToken = default)
    {
        if (!caller.Has(Permission.Import)) return Forbidden(caller, Permission.Import);
        try
        {
            return await DirectoryImporter.ImportAsync(database, data, mode, time, cancellationToken);
        }
        catch (DirectoryImportException ex)
        {
            return ImportRefusal(ex);
        }
    }

    public async Task<Outcome<ImportSummary>> ImportDirectoryCsvAsync(Caller caller, string folder, DirectoryImportMode mode, CancellationToken cancellationToken = default)
    {
        if (!caller.Has(Permission.Import)) return Forbidden(caller, Permission.Import);
        if (!Directory.Exists(folder))
            return new Refusal(RefusalKind.InvalidInput, "WFAPP007", $"folder '{folder}' does not exist: give the folder that holds users.csv and the other directory files (docs/directory-csv.md).", "folder");
        try
        {
            return await DirectoryImporter.ImportAsync(database, CsvDirectoryReader.Read(folder), mode, time, cancellationToken);
        }
        catch (DirectoryImportException ex)
        {
            return ImportRefusal(ex);
        }
    }

    public async Task<Outcome<DispatchReport>> DeliverOutboxAsync(Caller caller, CancellationToken cancellationToken = default)
    {
        if (!caller.Has(Permission.Run)) return Forbidden(caller, Permission.Run);
        return await dispatcher.DispatchAsync(cancellationToken);
    }

    /// <summary>A refusal when the workflow does not exist for the caller or they lack the permission; else default.</summary>
    private Outcome<WorkflowPlan> Find(Caller caller, string workflowId, Permission permission)
    {
        if (!catalog.Plans.ContainsKey(workflowId ?? "") && catalog.NotGenerated.TryGetValue(workflowId ?? "", out var notGenerated))
            return new Refusal(RefusalKind.HasErrors, "WFAPP020", notGenerated.Message, "workflowId");
        if (!catalog.Plans.TryGetValue(workflowId ?? "", out var plan) || !caller.CanSee(plan.Labels))
            return new Refusal(RefusalKind.NotFound, "WFAPP002", $"workflow '{workflowId}' does not exist (or you do not hold any of its labels): list the workflows for their ids.", "workflowId");
        if (!caller.Has(permission)) return Forbidden(caller, permission);
        return plan;
    }

    private static Refusal Forbidden(Caller caller, Permission permission) =>
        new(RefusalKind.Forbidden, "WFAPP008", $"'{caller.Name}' does not have the {permission} permission: ask a super-administrator to grant it.");

    private static Refusal ImportRefusal(DirectoryImportException ex) =>
        new(RefusalKind.InvalidInput, "WFAPP009", $"the directory was not imported: {ex.Problems.Count} problem(s); nothing was changed. Fix them and import again.",
            Problems: ex.Problems.Select(p => p.ToString()).ToList());

    private static async Task<Outcome<RunReport>> RunAsync(string workflowId, Func<Task<RunReport>> run)
    {
        RunReport report;
        try
        {
            report = await run();
        }
        catch (WorkflowBusyException ex)
        {
            return new Refusal(RefusalKind.Busy, "WFRUN001", ex.Message, RunId: ex.RunningRunId);
        }
        catch (RunRefusedException ex)
        {
            return new Refusal(RefusalKind.Conflict, ex.Message.Split(':')[0], ex.Message);
        }
        return report.Outcome switch
        {
            RunOutcome.RefusedErrors => new Refusal(RefusalKind.HasErrors, "WFRUN010",
                $"workflow '{workflowId}' has errors, so it was not run: fix them (see the problems) and run again.", RunId: report.RunId, Problems: report.Errors),
            RunOutcome.HeldBySafetyCatch => new Refusal(RefusalKind.HeldBySafetyCatch, "WFRUN020",
                $"the safety catch held the run of '{workflowId}': {report.FirstMessagesEmailPush} people would get their first email/push message and {report.FirstMessagesSms} their first SMS. Nothing was sent and scheduling is paused: check the target group, then confirm or discard the held run.",
                RunId: report.RunId),
            _ => report,
        };
    }

    private async Task<WorkflowSummary> SummarizeAsync(DispatchDbContext db, WorkflowPlan plan, CancellationToken cancellationToken) =>
        await SummarizeAsync(db, plan, await db.Workflows.AsNoTracking().FirstOrDefaultAsync(w => w.Id == plan.Id, cancellationToken), cancellationToken);

    /// <summary>The list row of <paramref name="plan"/> whose record (null: never run) the caller has already read.</summary>
    private async Task<WorkflowSummary> SummarizeAsync(DispatchDbContext db, WorkflowPlan plan, WorkflowRecord? record, CancellationToken cancellationToken)
    {
        var now = Now;
        int targets = await new TargetGroupQuery(db, plan, now).Users().CountAsync(cancellationToken);
        var (targeted, completed) = await WorkflowResults.CountCompletionAsync(db, plan, now, cancellationToken);
        var delivery = await DeliveryResults.ComputeAsync(db, plan.Id, cancellationToken);
        return new WorkflowSummary(plan.Id, plan.Name, plan.Labels, record?.Status ?? WorkflowStatus.Stopped, record?.Scheduling ?? SchedulingState.Off,
            HasErrors(plan, record), targets, targeted == 0 ? 0 : (double)completed / targeted, delivery.OpenedRate, delivery.ClickedRate, record?.UpdatedAt);
    }

    // The last run's validation, or a template error that needs no data (run validation would refuse the run).
    private bool HasErrors(WorkflowPlan plan, WorkflowRecord? record) =>
        (record?.HasErrors ?? false) || RunValidator.TemplateErrors(plan, catalog.Templates).Count > 0;

    private ScheduleView? Schedule(SchedulePlan? schedule)
    {
        if (schedule is null) return null;
        var times = new List<DateTimeOffset>();
        try
        {
            var cron = CronExpression.Parse(schedule.Cron, CronFormat.Standard);
            var zone = TimeZoneInfo.FindSystemTimeZoneById(schedule.TimeZone);
            var from = time.GetUtcNow();
            while (times.Count < NextFireTimes && cron.GetNextOccurrence(from, zone) is { } next)
            {
                times.Add(next);
                from = next;
            }
        }
        catch (Exception ex) when (ex is CronFormatException or TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            // The compiler checks schedules; a plan built at run time may still carry a bad one: no fire times then.
        }
        return new ScheduleView(schedule.Cron, schedule.TimeZone, times);
    }

    private static string Describe(PlanStep step) => step switch
    {
        MessageStep m => $"Message {m.Recipient} by {m.Channels} (template {m.TemplateId})",
        DelayStep d => $"Delay {DurationText.Describe(d.Duration.Ticks)}",
        DelayAndRepeatStep r => $"Delay {DurationText.Describe(r.Duration.Ticks)} and repeat the previous message, {r.Times} time(s)",
        _ => step.Kind.ToString(),
    };

    private static IEnumerable<T> Order<T, TKey>(IEnumerable<T> items, Func<T, TKey> key, bool descending) =>
        descending ? items.OrderByDescending(key) : items.OrderBy(key);
}

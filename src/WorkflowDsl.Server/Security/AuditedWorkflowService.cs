using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using WorkflowDsl.Application;
using WorkflowDsl.Dispatch.Dispatching;
using WorkflowDsl.Runtime.DirectoryImport;
using WorkflowDsl.Runtime.Runs;
using WorkflowDsl.Runtime.Storage;
using WorkflowDsl.Server.Storage;

namespace WorkflowDsl.Server.Security;

/// <summary>The application service as the server offers it: every state-changing operation (runs, confirmations,
/// scheduling, imports, deliveries) is recorded in the audit log with who, what, when, the workflow's state before
/// and the outcome after, whether it succeeded or was refused; and after a change to a workflow its Hangfire
/// recurring job is brought in line (<see cref="Scheduling.ScheduleSynchronizer"/>). The API and the dashboard both
/// use this service, so neither can change state without a record.</summary>
internal sealed class AuditedWorkflowService(IWorkflowService inner, ServerDatabase database, WorkflowDatabase workflows, WorkflowCatalog catalog,
    Scheduling.ScheduleSynchronizer synchronizer, TimeProvider time) : IWorkflowService
{
    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };

    public Task<Outcome<Page<WorkflowSummary>>> ListAsync(Caller caller, WorkflowListQuery query, CancellationToken cancellationToken = default) => inner.ListAsync(caller, query, cancellationToken);

    public Task<Outcome<WorkflowDetails>> GetAsync(Caller caller, string workflowId, CancellationToken cancellationToken = default) => inner.GetAsync(caller, workflowId, cancellationToken);

    public Task<Outcome<TargetGroupView>> PreviewTargetGroupAsync(Caller caller, string workflowId, TargetGroupPreviewQuery query, CancellationToken cancellationToken = default) =>
        inner.PreviewTargetGroupAsync(caller, workflowId, query, cancellationToken);

    public Task<Outcome<RunPreparation>> PrepareRunAsync(Caller caller, string workflowId, CancellationToken cancellationToken = default) => inner.PrepareRunAsync(caller, workflowId, cancellationToken);

    public Task<Outcome<RunReport>> StartRunAsync(Caller caller, string workflowId, string confirmation, CancellationToken cancellationToken = default) =>
        AuditAsync(caller, "run.start", workflowId, () => inner.StartRunAsync(caller, workflowId, confirmation, cancellationToken), Report, cancellationToken);

    public Task<Outcome<RunReport>> RunScheduledAsync(Caller caller, string workflowId, CancellationToken cancellationToken = default) =>
        AuditAsync(caller, "run.scheduled", workflowId, () => inner.RunScheduledAsync(caller, workflowId, cancellationToken), Report, cancellationToken);

    public Task<Outcome<RunReport>> ConfirmHeldRunAsync(Caller caller, string workflowId, CancellationToken cancellationToken = default) =>
        AuditAsync(caller, "run.confirm-held", workflowId, () => inner.ConfirmHeldRunAsync(caller, workflowId, cancellationToken), Report, cancellationToken);

    public Task<Outcome<Guid>> ReleaseRunAsync(Caller caller, string workflowId, string reason, CancellationToken cancellationToken = default) =>
        AuditAsync(caller, "run.release", workflowId, () => inner.ReleaseRunAsync(caller, workflowId, reason, cancellationToken), id => new { InterruptedRun = id, Reason = reason }, cancellationToken);

    public async Task<Outcome<IReadOnlyList<string>>> ReleaseExpiredRunsAsync(Caller caller, CancellationToken cancellationToken = default)
    {
        var outcome = await inner.ReleaseExpiredRunsAsync(caller, cancellationToken);
        foreach (string workflowId in outcome.Value ?? [])
            await RecordAsync(caller, "run.release-expired", workflowId, "", "{\"Reason\":\"lease expired\"}", cancellationToken);
        return outcome;
    }

    public Task<Outcome<WorkflowSummary>> SetSchedulingAsync(Caller caller, string workflowId, bool on, CancellationToken cancellationToken = default) =>
        AuditAsync(caller, on ? "scheduling.on" : "scheduling.off", workflowId, () => inner.SetSchedulingAsync(caller, workflowId, on, cancellationToken),
            s => new { s.Scheduling, s.Status, s.HasErrors }, cancellationToken);

    public Task<Outcome<WorkflowResultsView>> GetResultsAsync(Caller caller, string workflowId, CancellationToken cancellationToken = default) => inner.GetResultsAsync(caller, workflowId, cancellationToken);

    public Task<Outcome<Page<RunSummary>>> GetRunsAsync(Caller caller, string workflowId, Paging paging, CancellationToken cancellationToken = default) => inner.GetRunsAsync(caller, workflowId, paging, cancellationToken);

    public Task<Outcome<Page<MessageView>>> GetRunMessagesAsync(Caller caller, string workflowId, Guid runId, Paging paging, CancellationToken cancellationToken = default) =>
        inner.GetRunMessagesAsync(caller, workflowId, runId, paging, cancellationToken);

    public Task<Outcome<ImportSummary>> ImportDirectoryAsync(Caller caller, DirectoryData data, DirectoryImportMode mode, CancellationToken cancellationToken = default) =>
        AuditAsync(caller, "directory.import", "", () => inner.ImportDirectoryAsync(caller, data, mode, cancellationToken), s => new { Mode = mode.ToString(), s.Inserted, s.Updated, s.Removed }, cancellationToken);

    public Task<Outcome<ImportSummary>> ImportDirectoryCsvAsync(Caller caller, string folder, DirectoryImportMode mode, CancellationToken cancellationToken = default) =>
        AuditAsync(caller, "directory.import", "", () => inner.ImportDirectoryCsvAsync(caller, folder, mode, cancellationToken), s => new { Mode = mode.ToString(), s.Inserted, s.Updated, s.Removed }, cancellationToken);

    public Task<Outcome<DispatchReport>> DeliverOutboxAsync(Caller caller, CancellationToken cancellationToken = default) =>
        AuditAsync(caller, "outbox.deliver", "", () => inner.DeliverOutboxAsync(caller, cancellationToken),
            r => new { r.MessagesRead, Channels = r.Channels.Select(c => new { c.Channel, c.Sent, c.Failed, c.FailedTransient, c.Skipped, c.Deferred }) }, cancellationToken);

    private static object Report(RunReport r) => new { r.RunId, r.Outcome, r.Targets, r.NewUsers, r.UserMessages, r.DigestMessages, r.FirstMessagesEmailPush, r.FirstMessagesSms };

    private async Task<Outcome<T>> AuditAsync<T>(Caller caller, string action, string workflowId, Func<Task<Outcome<T>>> operation, Func<T, object> describe, CancellationToken cancellationToken)
    {
        string before = workflowId.Length == 0 ? "" : await StateAsync(workflowId, cancellationToken);
        var outcome = await operation();
        // A refusal for a workflow the caller may not see is not recorded (nothing changed and the id may be a
        // probe), nor is a delivery pass that found nothing to deliver (the recurring job runs every minute).
        if (outcome.Refusal is { Kind: RefusalKind.NotFound } || outcome.Value is DispatchReport { MessagesRead: 0 }) return outcome;
        string after = outcome.Succeeded
            ? JsonSerializer.Serialize(describe(outcome.Value!), Json)
            : JsonSerializer.Serialize(new { Refused = outcome.Refusal!.Kind, outcome.Refusal.Code, outcome.Refusal.Message }, Json);
        await RecordAsync(caller, action, workflowId, before, after, cancellationToken);
        // Scheduling may have changed (switched, paused by the safety catch, resumed by a confirmation, has errors).
        if (workflowId.Length > 0) await synchronizer.SyncAsync(workflowId, cancellationToken);
        return outcome;
    }

    private async Task RecordAsync(Caller caller, string action, string workflowId, string before, string after, CancellationToken cancellationToken)
    {
        await using var db = database.CreateContext();
        db.Audit.Add(new AuditEntry { At = time.GetUtcNow().UtcDateTime, Actor = caller.Name, Action = action, WorkflowId = workflowId, Before = before, After = after });
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The workflow's state as the audit log records it (a defined workflow never run yet is Stopped, Off, without errors).</summary>
    private async Task<string> StateAsync(string workflowId, CancellationToken cancellationToken)
    {
        if (!catalog.Plans.ContainsKey(workflowId)) return "";
        await using var db = workflows.CreateContext();
        var record = await db.Workflows.AsNoTracking().FirstOrDefaultAsync(w => w.Id == workflowId, cancellationToken) ?? new WorkflowRecord { Id = workflowId };
        return JsonSerializer.Serialize(new { record.Status, record.Scheduling, record.HasErrors }, Json);
    }
}

/// <summary>Reads the audit log.</summary>
public sealed class AuditLog(ServerDatabase database, WorkflowCatalog catalog, TimeProvider time)
{
    /// <summary>Records an action that is not a workflow operation (accounts, API keys).</summary>
    public async Task RecordAsync(string actor, string action, string before, string after, CancellationToken cancellationToken = default)
    {
        await using var db = database.CreateContext();
        db.Audit.Add(new AuditEntry { At = time.GetUtcNow().UtcDateTime, Actor = actor, Action = action, Before = before, After = after });
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Entries newest first that <paramref name="caller"/> may read: those of the workflows they see
    /// (<see cref="Caller.CanSee"/>), or every entry for a super-administrator.</summary>
    public Task<Page<AuditEntry>> ReadAsync(Caller caller, string? workflowId, Paging paging, CancellationToken cancellationToken = default) =>
        ReadAsync(caller.IsSuperAdministrator ? null : catalog.Plans.Values.Where(p => caller.CanSee(p.Labels)).Select(p => p.Id).ToList(), workflowId, paging, cancellationToken);

    /// <summary>Entries newest first, of the given workflows only (null: every entry).</summary>
    private async Task<Page<AuditEntry>> ReadAsync(IReadOnlyCollection<string>? workflowIds, string? workflowId, Paging paging, CancellationToken cancellationToken)
    {
        await using var db = database.CreateContext();
        var entries = db.Audit.AsNoTracking();
        if (workflowIds is not null)
        {
            var ids = workflowIds.ToList();
            entries = entries.Where(a => ids.Contains(a.WorkflowId));
        }
        if (!string.IsNullOrEmpty(workflowId)) entries = entries.Where(a => a.WorkflowId == workflowId);
        int total = await entries.CountAsync(cancellationToken);
        var items = await entries.OrderByDescending(a => a.Id).Skip(paging.Skip).Take(paging.PageSize).ToListAsync(cancellationToken);
        return new Page<AuditEntry>(items, paging.Page, paging.PageSize, total);
    }
}

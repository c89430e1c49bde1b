using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using WorkflowDsl.Dispatch.Dispatching;
using WorkflowDsl.Runtime.Storage;

namespace WorkflowDsl.Server.Scheduling;

/// <summary>Keeps Hangfire's recurring jobs equal to the schedules in our database, the source of truth:
/// a workflow with a schedule, scheduling On and no errors has a recurring job <c>workflow:{id}</c> with its
/// cron expression in its time zone; any other workflow (Off, Paused, has errors, no schedule, removed from
/// the code) has none. Runs at start, after every change through the server, and every minute on every
/// server (so a change made on one server reaches the others).</summary>
public sealed class ScheduleSynchronizer(IRecurringJobManager jobs, JobStorage storage, WorkflowCatalog catalog, WorkflowDatabase database, ILogger<ScheduleSynchronizer> logger)
{
    /// <summary>The recurring job id of a workflow's scheduled runs.</summary>
    public static string JobId(string workflowId) => "workflow:" + workflowId;

    /// <summary>The recurring job id of the outbox dispatcher.</summary>
    public const string DispatchJobId = "outbox:deliver";

    /// <summary>The recurring job id of the repair that releases expired run leases.</summary>
    public const string LeaseJobId = "runs:release-expired";

    /// <summary>The recurring job id of this synchronizer.</summary>
    public const string SyncJobId = "schedules:sync";

    /// <summary>Makes the recurring jobs of every workflow (or of <paramref name="workflowId"/> only) match the database.</summary>
    public async Task SyncAsync(string? workflowId = null, CancellationToken cancellationToken = default)
    {
        Dictionary<string, WorkflowRecord> records;
        await using (var db = database.CreateContext())
        {
            var query = db.Workflows.AsNoTracking();
            if (workflowId is not null) query = query.Where(w => w.Id == workflowId);
            records = await query.ToDictionaryAsync(w => w.Id, cancellationToken);
        }
        foreach (var plan in catalog.Plans.Values.Where(p => workflowId is null || p.Id == workflowId))
        {
            records.TryGetValue(plan.Id, out var record);
            string id = JobId(plan.Id);
            if (plan.Schedule is { } schedule && record is { Scheduling: SchedulingState.On, HasErrors: false })
            {
                var zone = TimeZoneInfo.FindSystemTimeZoneById(schedule.TimeZone);
                string planId = plan.Id;
                jobs.AddOrUpdate<WorkflowJobs>(id, j => j.RunScheduledAsync(planId), schedule.Cron, new RecurringJobOptions { TimeZone = zone, MisfireHandling = MisfireHandlingMode.Relaxed });
            }
            else
            {
                jobs.RemoveIfExists(id);
            }
        }
        if (workflowId is not null) return;
        // Jobs of workflows no longer in the code.
        using var connection = storage.GetConnection();
        foreach (var job in connection.GetRecurringJobs())
        {
            if (job.Id.StartsWith("workflow:", StringComparison.Ordinal) && !catalog.Plans.ContainsKey(job.Id["workflow:".Length..]))
            {
                logger.LogInformation("Removing the recurring job {JobId}: its workflow is no longer defined", job.Id);
                jobs.RemoveIfExists(job.Id);
            }
        }
    }

    /// <summary>The recurring job <see cref="SyncJobId"/>: <see cref="SyncAsync"/> for every workflow.</summary>
    public Task SyncAllAsync() => SyncAsync(null, CancellationToken.None);
}

using Microsoft.Extensions.Logging;
using WorkflowDsl.Application;

namespace WorkflowDsl.Server.Scheduling;

/// <summary>The Hangfire jobs: small, re-entrant methods that ask the application service, which reads the
/// truth from our database (a job that runs twice finds the run lock taken or nothing left to do).</summary>
public sealed class WorkflowJobs(IWorkflowService service, ILogger<WorkflowJobs> logger)
{
    /// <summary>Who scheduled runs are recorded as.</summary>
    public const string ScheduleCaller = "schedule";

    /// <summary>A scheduled run of one workflow (through the safety catch).</summary>
    public async Task RunScheduledAsync(string workflowId)
    {
        var outcome = await service.RunScheduledAsync(Caller.System(ScheduleCaller), workflowId);
        if (outcome.Succeeded)
            logger.LogInformation("Scheduled run {RunId} of {WorkflowId}: {UserMessages} user messages, {DigestMessages} digests planned",
                outcome.Value!.RunId, workflowId, outcome.Value.UserMessages, outcome.Value.DigestMessages);
        else
            logger.LogWarning("Scheduled run of {WorkflowId} not done: {Code} {Message}", workflowId, outcome.Refusal!.Code, outcome.Refusal.Message);
    }

    /// <summary>Releases run locks whose lease expired (their process died) and marks those runs Interrupted.</summary>
    public async Task ReleaseExpiredRunsAsync()
    {
        var outcome = await service.ReleaseExpiredRunsAsync(Caller.System(ScheduleCaller));
        foreach (string workflowId in outcome.Value ?? [])
            logger.LogWarning("Released the run lock of {WorkflowId}: its lease expired; the run is marked Interrupted", workflowId);
    }

    /// <summary>One pass of the outbox dispatcher.</summary>
    public async Task DeliverOutboxAsync()
    {
        var outcome = await service.DeliverOutboxAsync(Caller.System(ScheduleCaller));
        if (outcome.Value is { MessagesRead: > 0 } report)
            logger.LogInformation("Outbox pass: {Messages} messages read, {Sent} sent", report.MessagesRead, report.Sent);
    }
}

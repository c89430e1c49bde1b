namespace WorkflowDsl.Runtime.Runs;

/// <summary>A run was refused before it started; the message says why and what to do.</summary>
public class RunRefusedException(string workflowId, string code, string message) : Exception(message)
{
    /// <summary>The workflow.</summary>
    public string WorkflowId { get; } = workflowId;
    /// <summary>Stable code: "busy", "scheduling-off", "not-paused".</summary>
    public string Code { get; } = code;
}

/// <summary>Another run of the same workflow holds the run lock.</summary>
public sealed class WorkflowBusyException(string workflowId, Guid? runningRunId, DateTime? since)
    : RunRefusedException(workflowId, "busy",
        $"WFRUN001: workflow '{workflowId}' is already running (run {runningRunId}, started {since:yyyy-MM-dd HH:mm:ss} UTC). " +
        "Only one run of a workflow happens at a time: wait for that run to finish, then start again.")
{
    /// <summary>The run holding the lock.</summary>
    public Guid? RunningRunId { get; } = runningRunId;
}

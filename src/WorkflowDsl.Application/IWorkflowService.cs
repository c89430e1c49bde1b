using WorkflowDsl.Dispatch.Dispatching;
using WorkflowDsl.Runtime.DirectoryImport;
using WorkflowDsl.Runtime.Runs;

namespace WorkflowDsl.Application;

/// <summary>Everything an application (a console job, the HTTP API, the dashboard) does with workflows,
/// in one service registered by <c>AddWorkflowDsl</c>. Every operation names its <see cref="Caller"/>:
/// a workflow the caller may not see does not exist for them (<see cref="RefusalKind.NotFound"/>).
/// Expected outcomes (a run in progress, a held run, errors, bad input) come back as an
/// <see cref="Outcome{T}"/> with a <see cref="Refusal"/>; exceptions mean bugs or infrastructure failures.
/// Time comes from the registered <see cref="TimeProvider"/>.</summary>
public interface IWorkflowService
{
    /// <summary>The workflows the caller may see, with the list columns, filtered, searched, sorted and paged.</summary>
    Task<Outcome<Page<WorkflowSummary>>> ListAsync(Caller caller, WorkflowListQuery query, CancellationToken cancellationToken = default);

    /// <summary>One workflow: plan, steps with keys, diagram, validation, schedule with its next fire times, baselines, held run.</summary>
    Task<Outcome<WorkflowDetails>> GetAsync(Caller caller, string workflowId, CancellationToken cancellationToken = default);

    /// <summary>The target group now: its size, the users each condition excluded, and a page of people in it or excluded by one condition.</summary>
    Task<Outcome<TargetGroupView>> PreviewTargetGroupAsync(Caller caller, string workflowId, TargetGroupPreviewQuery query, CancellationToken cancellationToken = default);

    /// <summary>The first half of a manual run: the counts the administrator sees before confirming, and a signed token to start it with.</summary>
    Task<Outcome<RunPreparation>> PrepareRunAsync(Caller caller, string workflowId, CancellationToken cancellationToken = default);

    /// <summary>The second half of a manual run: starts it with the token <see cref="PrepareRunAsync"/> returned (not subject to the safety catch).</summary>
    Task<Outcome<RunReport>> StartRunAsync(Caller caller, string workflowId, string confirmation, CancellationToken cancellationToken = default);

    /// <summary>A run started by the schedule: refused unless scheduling is On; held by the safety catch (a refusal of kind <see cref="RefusalKind.HeldBySafetyCatch"/>) when too many people would get their first message.</summary>
    Task<Outcome<RunReport>> RunScheduledAsync(Caller caller, string workflowId, CancellationToken cancellationToken = default);

    /// <summary>Confirms the run the safety catch held: runs it, saves the new baseline and switches scheduling back on.</summary>
    Task<Outcome<RunReport>> ConfirmHeldRunAsync(Caller caller, string workflowId, CancellationToken cancellationToken = default);

    /// <summary>Releases the run lock of a workflow whose run is stuck (its process died, or it hangs): the run is
    /// marked Interrupted with who released it and <paramref name="reason"/>. Returns the interrupted run's id.</summary>
    Task<Outcome<Guid>> ReleaseRunAsync(Caller caller, string workflowId, string reason, CancellationToken cancellationToken = default);

    /// <summary>Releases every run lock whose lease expired and marks those runs Interrupted (the recurring repair job).
    /// Returns the workflows released.</summary>
    Task<Outcome<IReadOnlyList<string>>> ReleaseExpiredRunsAsync(Caller caller, CancellationToken cancellationToken = default);

    /// <summary>Switches scheduling on (saving the safety catch's baseline) or off.</summary>
    Task<Outcome<WorkflowSummary>> SetSchedulingAsync(Caller caller, string workflowId, bool on, CancellationToken cancellationToken = default);

    /// <summary>The workflow's results: targets, completion, messages by step, channel and recipient kind (delivered, failed, skipped), opened and clicked rates.</summary>
    Task<Outcome<WorkflowResultsView>> GetResultsAsync(Caller caller, string workflowId, CancellationToken cancellationToken = default);

    /// <summary>The workflow's runs, newest first.</summary>
    Task<Outcome<Page<RunSummary>>> GetRunsAsync(Caller caller, string workflowId, Paging paging, CancellationToken cancellationToken = default);

    /// <summary>The messages one run planned, with their delivery results.</summary>
    Task<Outcome<Page<MessageView>>> GetRunMessagesAsync(Caller caller, string workflowId, Guid runId, Paging paging, CancellationToken cancellationToken = default);

    /// <summary>Imports the directory (users, org units, contents, assignments, completions, administrators),
    /// adding and updating rows (<see cref="DirectoryImportMode.Upsert"/>); refused with every problem named
    /// when the data is invalid (nothing is imported then).</summary>
    Task<Outcome<ImportSummary>> ImportDirectoryAsync(Caller caller, DirectoryData data, CancellationToken cancellationToken = default) =>
        ImportDirectoryAsync(caller, data, DirectoryImportMode.Upsert, cancellationToken);

    /// <summary>Imports the directory in <paramref name="mode"/>: <see cref="DirectoryImportMode.Full"/> also
    /// removes the users, assignments and completions the data no longer has (for each list with rows) and
    /// reports the counts in <see cref="ImportSummary.Removed"/>.</summary>
    Task<Outcome<ImportSummary>> ImportDirectoryAsync(Caller caller, DirectoryData data, DirectoryImportMode mode, CancellationToken cancellationToken = default);

    /// <summary>Imports the directory from a folder of CSV files (docs/directory-csv.md), a complete export:
    /// <see cref="DirectoryImportMode.Full"/> for the files present; refused with file, line and column of every problem.</summary>
    Task<Outcome<ImportSummary>> ImportDirectoryCsvAsync(Caller caller, string folder, CancellationToken cancellationToken = default) =>
        ImportDirectoryCsvAsync(caller, folder, DirectoryImportMode.Full, cancellationToken);

    /// <summary>Imports the directory from a folder of CSV files in <paramref name="mode"/>.</summary>
    Task<Outcome<ImportSummary>> ImportDirectoryCsvAsync(Caller caller, string folder, DirectoryImportMode mode, CancellationToken cancellationToken = default);

    /// <summary>Delivers what the outbox holds (one dispatcher pass).</summary>
    Task<Outcome<DispatchReport>> DeliverOutboxAsync(Caller caller, CancellationToken cancellationToken = default);
}

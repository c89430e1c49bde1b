using WorkflowDsl.Dispatch.Results;
using WorkflowDsl.Plan;
using WorkflowDsl.Rules;
using WorkflowDsl.Runtime.Results;
using WorkflowDsl.Runtime.Runs;
using WorkflowDsl.Runtime.Storage;
using WorkflowDsl.Runtime.TargetGroups;

namespace WorkflowDsl.Application;

/// <summary>How the workflow list is sorted.</summary>
public enum WorkflowSort
{
    /// <summary>By name (the default).</summary>
    Name = 0,
    /// <summary>By id.</summary>
    Id = 1,
    /// <summary>By status.</summary>
    Status = 2,
    /// <summary>By scheduling state.</summary>
    Scheduling = 3,
    /// <summary>By when the workflow's state last changed.</summary>
    Updated = 4,
}

/// <summary>What to list: filters (each optional), a search over id and name, sorting and paging.</summary>
/// <param name="Label">Only workflows with this label.</param>
/// <param name="Status">Only workflows in this status.</param>
/// <param name="Scheduling">Only workflows with this scheduling state.</param>
/// <param name="HasErrors">Only workflows with (true) or without (false) validation errors.</param>
/// <param name="Search">Text contained in the id or the name (case-insensitive).</param>
/// <param name="Sort">The sort order.</param>
/// <param name="Descending">Sort descending.</param>
/// <param name="Paging">Which page.</param>
public sealed record WorkflowListQuery(
    string? Label = null,
    WorkflowStatus? Status = null,
    SchedulingState? Scheduling = null,
    bool? HasErrors = null,
    string? Search = null,
    WorkflowSort Sort = WorkflowSort.Name,
    bool Descending = false,
    Paging Paging = default)
{
    /// <summary>The paging, with the defaults when none was given.</summary>
    public Paging EffectivePaging => Paging.OrFirst();
}

/// <summary>A row of the workflow list, with the list columns of the product rules
/// (docs/product-rules.md): name, status, scheduling, has errors, targets, completed, opened, clicked, updated.</summary>
/// <param name="Id">The workflow id.</param>
/// <param name="Name">Its name.</param>
/// <param name="Labels">Its permission labels.</param>
/// <param name="Status">Stopped, Starting or Running.</param>
/// <param name="Scheduling">On, Off or Paused.</param>
/// <param name="HasErrors">Whether the last validation found errors.</param>
/// <param name="Targets">The target group's current size.</param>
/// <param name="CompletedRate">Share of targeted users who completed, 0..1.</param>
/// <param name="OpenedRate">Approximate share of emailed users who opened an email, 0..1.</param>
/// <param name="ClickedRate">Share of emailed users who clicked a link, 0..1.</param>
/// <param name="UpdatedAt">When the workflow's state last changed (UTC), or null if it never ran.</param>
public sealed record WorkflowSummary(
    string Id, string Name, IReadOnlyList<string> Labels, WorkflowStatus Status, SchedulingState Scheduling, bool HasErrors,
    int Targets, double CompletedRate, double OpenedRate, double ClickedRate, DateTime? UpdatedAt);

/// <summary>A step as administrators read it.</summary>
/// <param name="Index">Its position, from 0.</param>
/// <param name="Key">Its stable key.</param>
/// <param name="Kind">Message, Delay or DelayAndRepeat.</param>
/// <param name="Text">A one-line description ("Message User by Email, Push (invitation)", "Delay 30d").</param>
public sealed record StepView(int Index, string Key, StepKind Kind, string Text);

/// <summary>A workflow's schedule.</summary>
/// <param name="Cron">The cron expression.</param>
/// <param name="TimeZone">The IANA time zone it is read in.</param>
/// <param name="NextFireTimes">The next fire times, as instants with the time zone's offset.</param>
public sealed record ScheduleView(string Cron, string TimeZone, IReadOnlyList<DateTimeOffset> NextFireTimes);

/// <summary>One workflow in full: its plan, steps, diagram, validation, schedule and state.</summary>
/// <param name="Summary">The list row.</param>
/// <param name="Plan">The plan.</param>
/// <param name="Steps">The steps with their keys.</param>
/// <param name="MermaidDiagram">The steps as a Mermaid flowchart.</param>
/// <param name="Validation">What validation against the data finds now.</param>
/// <param name="Schedule">The schedule, or null for manual runs only.</param>
/// <param name="BaselineEmailPush">The safety catch's email/push baseline, or null before scheduling was first switched on.</param>
/// <param name="BaselineSms">The safety catch's SMS baseline, or null.</param>
/// <param name="HeldRun">The run the safety catch holds, when scheduling is Paused; else null.</param>
public sealed record WorkflowDetails(
    WorkflowSummary Summary, WorkflowPlan Plan, IReadOnlyList<StepView> Steps, string MermaidDiagram, ValidationReport Validation,
    ScheduleView? Schedule, int? BaselineEmailPush, int? BaselineSms, RunSummary? HeldRun);

/// <summary>Which people of a target-group preview to list.</summary>
/// <param name="ExcludedBy">Null to list the people in the group; a condition's index to list the people it excluded.</param>
/// <param name="Search">Text contained in the user's id, name or email (case-insensitive).</param>
/// <param name="Paging">Which page.</param>
public sealed record TargetGroupPreviewQuery(int? ExcludedBy = null, string? Search = null, Paging Paging = default)
{
    /// <summary>The paging, with the defaults when none was given.</summary>
    public Paging EffectivePaging => Paging.OrFirst();
}

/// <summary>A condition of the target group and how many users it excluded (users excluded by an
/// earlier condition are not counted again).</summary>
/// <param name="Index">The condition's index, for <see cref="TargetGroupPreviewQuery.ExcludedBy"/>.</param>
/// <param name="Stage">Its stage (assignment, completion, additional filter, miscellaneous, owner scope).</param>
/// <param name="Condition">What it keeps.</param>
/// <param name="Excluded">How many users it excluded.</param>
public sealed record ConditionCount(int Index, TargetGroupStage Stage, string Condition, int Excluded);

/// <summary>A person in a target-group preview.</summary>
/// <param name="Id">The user id.</param>
/// <param name="Name">Their name.</param>
/// <param name="Email">Their email address, or null.</param>
/// <param name="ExcludedBy">The condition that excluded them, or null when they are in the group.</param>
public sealed record PersonView(string Id, string Name, string? Email, string? ExcludedBy);

/// <summary>A target-group preview: the group's size, the users each condition excluded, and one page of people.</summary>
/// <param name="WorkflowId">The workflow.</param>
/// <param name="Included">How many users are in the group.</param>
/// <param name="Conditions">Each condition with the users it excluded, in order.</param>
/// <param name="People">The page of people asked for.</param>
public sealed record TargetGroupView(string WorkflowId, int Included, IReadOnlyList<ConditionCount> Conditions, Page<PersonView> People);

/// <summary>What a manual run would do, shown before the administrator confirms it.</summary>
/// <param name="WorkflowId">The workflow.</param>
/// <param name="Targets">People in the target group now.</param>
/// <param name="PeopleMessaged">Of them, people the run would send at least one message to.</param>
/// <param name="FirstMessagesEmailPush">People who would get their first email or push message from this workflow.</param>
/// <param name="FirstMessagesSms">People who would get their first SMS from this workflow.</param>
/// <param name="Confirmation">The token to pass to <see cref="IWorkflowService.StartRunAsync"/> to start the run.</param>
/// <param name="ExpiresAt">When the token stops being accepted (UTC).</param>
public sealed record RunPreparation(string WorkflowId, int Targets, int PeopleMessaged, int FirstMessagesEmailPush, int FirstMessagesSms, string Confirmation, DateTimeOffset ExpiresAt);

/// <summary>A run in the run history.</summary>
/// <param name="RunId">The run.</param>
/// <param name="WorkflowId">The workflow.</param>
/// <param name="Trigger">Manual, Scheduled or Confirmed.</param>
/// <param name="StartedBy">Who started it ("schedule" for scheduled runs).</param>
/// <param name="StartedAt">When (UTC).</param>
/// <param name="FinishedAt">When it finished (UTC), or null while in progress.</param>
/// <param name="Outcome">How it ended.</param>
/// <param name="Targets">Users in the target group.</param>
/// <param name="NewUsers">Users seen for the first time.</param>
/// <param name="CompletedUsers">Users who had completed.</param>
/// <param name="UserMessages">Messages planned to users.</param>
/// <param name="DigestMessages">Digests planned to managers and HR partners.</param>
/// <param name="FirstMessagesEmailPush">First email/push messages.</param>
/// <param name="FirstMessagesSms">First SMS messages.</param>
/// <param name="Notes">Errors, the safety catch's numbers, or why it failed.</param>
public sealed record RunSummary(
    Guid RunId, string WorkflowId, RunTrigger Trigger, string StartedBy, DateTime StartedAt, DateTime? FinishedAt, RunOutcome Outcome,
    int Targets, int NewUsers, int CompletedUsers, int UserMessages, int DigestMessages, int FirstMessagesEmailPush, int FirstMessagesSms, string Notes)
{
    internal static RunSummary From(RunRecord r) => new(r.Id, r.WorkflowId, r.Trigger, r.StartedBy, r.StartedAt, r.FinishedAt, r.Outcome,
        r.Targets, r.NewUsers, r.CompletedUsers, r.UserMessages, r.DigestMessages, r.FirstMessagesEmailPush, r.FirstMessagesSms, r.Notes);
}

/// <summary>A delivery result of one channel of a message.</summary>
/// <param name="Channel">The channel.</param>
/// <param name="Status">Delivered, Failed, Skipped or Pending.</param>
/// <param name="Reason">Why (provider code, skip reason), or empty.</param>
/// <param name="At">When (UTC).</param>
public sealed record DeliveryResultView(Channel Channel, DeliveryStatus Status, string Reason, DateTime At);

/// <summary>A message a run planned.</summary>
/// <param name="Id">The outbox message id.</param>
/// <param name="StepKey">The step (a DelayAndRepeat key for repeats).</param>
/// <param name="Repeat">0 for the step's own message, 1.. for repeats.</param>
/// <param name="RecipientKind">User, Manager or HrPartner.</param>
/// <param name="RecipientId">The recipient's user id.</param>
/// <param name="TemplateId">The message template.</param>
/// <param name="Channels">The channels it goes out on.</param>
/// <param name="SkippedChannels">The channels skipped for want of contact data.</param>
/// <param name="ListedUsers">For a digest, how many users it lists; else 0.</param>
/// <param name="CreatedAt">When it was planned (UTC).</param>
/// <param name="Results">Its delivery results so far.</param>
public sealed record MessageView(long Id, string StepKey, int Repeat, Recipient RecipientKind, string RecipientId, string TemplateId,
    Channel Channels, Channel SkippedChannels, int ListedUsers, DateTime CreatedAt, IReadOnlyList<DeliveryResultView> Results);

/// <summary>A workflow's results: the run engine's (targets, completion, messages by step, runs) and
/// the dispatcher's (delivered, failed, skipped, opened and clicked rates).</summary>
/// <param name="Workflow">Targets, completion and messages planned by step.</param>
/// <param name="Delivery">Delivery counts by step, channel and recipient kind, opened and clicked rates.</param>
public sealed record WorkflowResultsView(WorkflowResults Workflow, DeliveryResults Delivery);

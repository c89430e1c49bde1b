namespace WorkflowDsl.Runtime.Storage;

/// <summary>Whether a workflow is doing anything.</summary>
public enum WorkflowStatus
{
    /// <summary>No activity.</summary>
    Stopped = 0,
    /// <summary>A run is about to start (validation, counting).</summary>
    Starting = 1,
    /// <summary>A run is under way and may plan messages.</summary>
    Running = 2,
}

/// <summary>Whether scheduled runs happen.</summary>
public enum SchedulingState
{
    /// <summary>Only manual runs.</summary>
    Off = 0,
    /// <summary>Scheduled runs happen.</summary>
    On = 1,
    /// <summary>The safety catch held a scheduled run; an administrator must confirm it.</summary>
    Paused = 2,
}

/// <summary>The stored state of one workflow.</summary>
public class WorkflowRecord
{
    /// <summary>The workflow id (the plan's id).</summary>
    public string Id { get; set; } = "";
    /// <summary>Display name, copied from the plan.</summary>
    public string Name { get; set; } = "";
    /// <summary>Stopped, Starting or Running.</summary>
    public WorkflowStatus Status { get; set; }
    /// <summary>On, Off or Paused.</summary>
    public SchedulingState Scheduling { get; set; }
    /// <summary>The safety-catch baseline for email and push first messages, saved when scheduling was switched on or a held run confirmed.</summary>
    public int? BaselineEmailPush { get; set; }
    /// <summary>The safety-catch baseline for SMS first messages.</summary>
    public int? BaselineSms { get; set; }
    /// <summary>True when the last validation found errors; the schedule does not run it.</summary>
    public bool HasErrors { get; set; }
    /// <summary>The errors of the last validation, one per line (empty when none).</summary>
    public string Errors { get; set; } = "";
    /// <summary>The run holding the workflow's run lock, or null.</summary>
    public Guid? LockRunId { get; set; }
    /// <summary>When the lock was taken (UTC).</summary>
    public DateTime? LockedAt { get; set; }
    /// <summary>Last change (UTC).</summary>
    public DateTime UpdatedAt { get; set; }
}

/// <summary>Where one user is in one workflow.</summary>
public class UserProgress
{
    /// <summary>The workflow id.</summary>
    public string WorkflowId { get; set; } = "";
    /// <summary>The user id.</summary>
    public string UserId { get; set; } = "";
    /// <summary>Key of the step the user is at (not yet done), or null when finished.</summary>
    public string? StepKey { get; set; }
    /// <summary>Key of the last step the user passed, or null; used to resume after the current step was removed from the definition.</summary>
    public string? PassedStepKey { get; set; }
    /// <summary>Index of <see cref="StepKey"/> in the plan at the time of the last run.</summary>
    public int StepIndex { get; set; }
    /// <summary>When the workflow last sent a message to or about this user (UTC); delays count from here.</summary>
    public DateTime? LastSentAt { get; set; }
    /// <summary>Repeats already sent by the DelayAndRepeat step the user is at.</summary>
    public int RepeatsDone { get; set; }
    /// <summary>True when the user passed the last step.</summary>
    public bool Finished { get; set; }
    /// <summary>True when the last run that saw the user found an active completion of all contents.</summary>
    public bool Completed { get; set; }
    /// <summary>When a run first saw the user (UTC).</summary>
    public DateTime FirstSeenAt { get; set; }
    /// <summary>When a run last advanced or checked the user (UTC).</summary>
    public DateTime UpdatedAt { get; set; }
}

/// <summary>How a run was started.</summary>
public enum RunTrigger
{
    /// <summary>By an administrator ("run now"); not subject to the safety catch.</summary>
    Manual = 0,
    /// <summary>By the schedule; subject to the safety catch.</summary>
    Scheduled = 1,
    /// <summary>An administrator confirmed a run the safety catch held.</summary>
    Confirmed = 2,
}

/// <summary>How a run ended.</summary>
public enum RunOutcome
{
    /// <summary>Still under way (or the process died during it).</summary>
    InProgress = 0,
    /// <summary>Planned everything it should.</summary>
    Completed = 1,
    /// <summary>Validation errors: nothing planned.</summary>
    RefusedErrors = 2,
    /// <summary>The safety catch held it: nothing planned, scheduling paused.</summary>
    HeldBySafetyCatch = 3,
    /// <summary>An exception: the transaction was rolled back, nothing planned.</summary>
    Failed = 4,
    /// <summary>Its lock was released while it was in progress: its lease expired (the process died) or an
    /// administrator released it. Nothing of it was committed (a run commits once, at its end).</summary>
    Interrupted = 5,
}

/// <summary>One run of one workflow: the per-run history.</summary>
public class RunRecord
{
    /// <summary>Run id.</summary>
    public Guid Id { get; set; }
    /// <summary>The workflow id.</summary>
    public string WorkflowId { get; set; } = "";
    /// <summary>Manual, scheduled or confirmed.</summary>
    public RunTrigger Trigger { get; set; }
    /// <summary>Who started it ("schedule" for scheduled runs).</summary>
    public string StartedBy { get; set; } = "";
    /// <summary>When it started (UTC).</summary>
    public DateTime StartedAt { get; set; }
    /// <summary>When it ended (UTC), or null.</summary>
    public DateTime? FinishedAt { get; set; }
    /// <summary>How it ended.</summary>
    public RunOutcome Outcome { get; set; }
    /// <summary>Users in the target group.</summary>
    public int Targets { get; set; }
    /// <summary>Users seen for the first time.</summary>
    public int NewUsers { get; set; }
    /// <summary>Users in the group with an active completion of all contents.</summary>
    public int CompletedUsers { get; set; }
    /// <summary>Outbox rows planned to users.</summary>
    public int UserMessages { get; set; }
    /// <summary>Outbox rows planned to managers and HR partners (digests).</summary>
    public int DigestMessages { get; set; }
    /// <summary>People who would get their first email or push message (the safety catch's count).</summary>
    public int FirstMessagesEmailPush { get; set; }
    /// <summary>People who would get their first SMS.</summary>
    public int FirstMessagesSms { get; set; }
    /// <summary>Errors and notes, one per line.</summary>
    public string Notes { get; set; } = "";
}

/// <summary>A warning a run recorded (such as users without a manager), aggregated per code, step and channel.</summary>
public class RunIssue
{
    /// <summary>Row id.</summary>
    public long Id { get; set; }
    /// <summary>The run.</summary>
    public Guid RunId { get; set; }
    /// <summary>Stable code, such as "no-manager" or "no-contact-data".</summary>
    public string Code { get; set; } = "";
    /// <summary>The step key concerned.</summary>
    public string StepKey { get; set; } = "";
    /// <summary>The channel concerned, or None.</summary>
    public Channel Channel { get; set; }
    /// <summary>How many recipients it concerned.</summary>
    public int Count { get; set; }
    /// <summary>Up to 20 of the user ids concerned, comma-separated.</summary>
    public string SampleUserIds { get; set; } = "";
    /// <summary>What happened and what to do.</summary>
    public string Message { get; set; } = "";
}

/// <summary>A planned message: one per recipient, step and repeat (and, for digests, per run).
/// The unique key (workflow, recipient kind, recipient, step key, repeat, batch) makes a retried run
/// unable to plan the same message twice.</summary>
public class OutboxMessage
{
    /// <summary>Row id.</summary>
    public long Id { get; set; }
    /// <summary>The workflow id.</summary>
    public string WorkflowId { get; set; } = "";
    /// <summary>The run that planned it.</summary>
    public Guid RunId { get; set; }
    /// <summary>User, Manager or HrPartner.</summary>
    public Recipient RecipientKind { get; set; }
    /// <summary>The recipient's user id (the target user, or the digest's manager / HR partner).</summary>
    public string RecipientId { get; set; } = "";
    /// <summary>The key of the step that sent it: the Message step, or the DelayAndRepeat step for a repeat.</summary>
    public string StepKey { get; set; } = "";
    /// <summary>0 for the message itself, 1..n for the repeats of a DelayAndRepeat step.</summary>
    public int Repeat { get; set; }
    /// <summary>"" for messages to users; the run id for digests (one digest per recipient, step and run).</summary>
    public string Batch { get; set; } = "";
    /// <summary>The message template's id.</summary>
    public string TemplateId { get; set; } = "";
    /// <summary>Channels to deliver on (the recipient has the contact data).</summary>
    public Channel Channels { get; set; }
    /// <summary>Channels the step asked for but the recipient lacks contact data for.</summary>
    public Channel SkippedChannels { get; set; }
    /// <summary>When it was planned (UTC).</summary>
    public DateTime CreatedAt { get; set; }
    /// <summary>For digests, how many users it lists (see <see cref="DigestEntry"/>); 0 for user messages.</summary>
    public int ListedUsers { get; set; }
    /// <summary>The users a digest lists.</summary>
    public List<DigestEntry> Entries { get; set; } = [];
    /// <summary>Delivery results per channel.</summary>
    public List<DeliveryResult> Results { get; set; } = [];
}

/// <summary>One user listed in a manager or HR-partner digest. Unique per workflow, user, step and
/// repeat, so no user is reported twice for the same step.</summary>
public class DigestEntry
{
    /// <summary>The workflow id.</summary>
    public string WorkflowId { get; set; } = "";
    /// <summary>The target user listed.</summary>
    public string TargetUserId { get; set; } = "";
    /// <summary>The step key (as in <see cref="OutboxMessage.StepKey"/>).</summary>
    public string StepKey { get; set; } = "";
    /// <summary>The repeat number.</summary>
    public int Repeat { get; set; }
    /// <summary>The run that reached the step for this user.</summary>
    public Guid RunId { get; set; }
    /// <summary>Manager or HrPartner.</summary>
    public Recipient RecipientKind { get; set; }
    /// <summary>The digest recipient's user id.</summary>
    public string RecipientId { get; set; } = "";
    /// <summary>The message template's id.</summary>
    public string TemplateId { get; set; } = "";
    /// <summary>The channels the step asked for.</summary>
    public Channel Channels { get; set; }
    /// <summary>The digest (outbox row) listing the user; null until the run's digests are planned
    /// (chunks of a run write entries, the run's last stage groups them into one digest per recipient).</summary>
    public long? OutboxMessageId { get; set; }
}

/// <summary>What happened to one channel of one outbox message.</summary>
public enum DeliveryStatus
{
    /// <summary>Waiting for the dispatcher.</summary>
    Pending = 0,
    /// <summary>Handed to the channel's provider.</summary>
    Delivered = 1,
    /// <summary>The provider refused it after retries.</summary>
    Failed = 2,
    /// <summary>Not sent: the recipient lacks contact data for the channel.</summary>
    Skipped = 3,
}

/// <summary>The delivery result of one channel of one outbox message (the dispatcher writes
/// Delivered/Failed; the run writes Skipped).</summary>
public class DeliveryResult
{
    /// <summary>Row id.</summary>
    public long Id { get; set; }
    /// <summary>The outbox message.</summary>
    public long OutboxMessageId { get; set; }
    /// <summary>One channel.</summary>
    public Channel Channel { get; set; }
    /// <summary>What happened.</summary>
    public DeliveryStatus Status { get; set; }
    /// <summary>Why (for Skipped and Failed).</summary>
    public string Reason { get; set; } = "";
    /// <summary>When (UTC).</summary>
    public DateTime At { get; set; }
}

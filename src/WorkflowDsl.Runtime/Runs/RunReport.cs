using WorkflowDsl.Runtime.Storage;

namespace WorkflowDsl.Runtime.Runs;

/// <summary>Messages planned for one step, channel and recipient kind.</summary>
/// <param name="StepKey">The step key (a DelayAndRepeat key for repeats).</param>
/// <param name="RecipientKind">User, Manager or HrPartner.</param>
/// <param name="Channel">One channel.</param>
/// <param name="Planned">Messages planned on the channel (waiting for or past delivery).</param>
/// <param name="Skipped">Messages skipped on the channel for missing contact data.</param>
/// <param name="Delivered">Delivered (written by the dispatcher).</param>
/// <param name="Failed">Failed (written by the dispatcher).</param>
public sealed record StepChannelCount(string StepKey, Recipient RecipientKind, Channel Channel, int Planned, int Skipped, int Delivered, int Failed);

/// <summary>What one run did.</summary>
/// <param name="RunId">The run.</param>
/// <param name="WorkflowId">The workflow.</param>
/// <param name="Outcome">How it ended.</param>
/// <param name="Targets">Users in the target group.</param>
/// <param name="NewUsers">Users seen for the first time.</param>
/// <param name="CompletedUsers">Users in the group with an active completion of all contents (they get nothing).</param>
/// <param name="UserMessages">Outbox rows to users.</param>
/// <param name="DigestMessages">Outbox rows to managers and HR partners.</param>
/// <param name="FirstMessagesEmailPush">People who would get their first email or push message (the safety catch's count).</param>
/// <param name="FirstMessagesSms">People who would get their first SMS.</param>
/// <param name="ByStep">Planned messages by step, channel and recipient kind.</param>
/// <param name="Errors">Validation errors (the run planned nothing).</param>
/// <param name="Warnings">Warnings, such as users without a manager or contact data, with counts.</param>
public sealed record RunReport(
    Guid RunId,
    string WorkflowId,
    RunOutcome Outcome,
    int Targets,
    int NewUsers,
    int CompletedUsers,
    int UserMessages,
    int DigestMessages,
    int FirstMessagesEmailPush,
    int FirstMessagesSms,
    IReadOnlyList<StepChannelCount> ByStep,
    IReadOnlyList<string> Errors,
    IReadOnlyList<string> Warnings);

/// <summary>A contiguous range of user ids (in the database's order) that one chunk of a run processes.</summary>
/// <param name="AfterUserId">Users with ids after this one (null: from the first).</param>
/// <param name="UpToUserId">Up to and including this id (null: to the last).</param>
public sealed record UserRange(string? AfterUserId, string? UpToUserId);

/// <summary>A started run split into chunks: process each with <see cref="RunEngine.ProcessChunkAsync"/>
/// (in any order, anywhere), then call <see cref="RunEngine.FinishChunkedRunAsync"/>.</summary>
/// <param name="RunId">The run.</param>
/// <param name="Outcome"><see cref="RunOutcome.InProgress"/> when the chunks should be processed; otherwise why not.</param>
/// <param name="Chunks">The chunks.</param>
/// <param name="Errors">Validation errors, if the run was refused.</param>
public sealed record ChunkedRun(Guid RunId, RunOutcome Outcome, IReadOnlyList<UserRange> Chunks, IReadOnlyList<string> Errors);

/// <summary>What a run now would do (<see cref="RunEngine.PreviewAsync"/>); nothing is planned.</summary>
/// <param name="WorkflowId">The workflow.</param>
/// <param name="Targets">People in the target group now.</param>
/// <param name="PeopleMessaged">Of them, people a run now would send at least one message to.</param>
/// <param name="FirstMessagesEmailPush">People whose first message from this workflow would go out by email or push.</param>
/// <param name="FirstMessagesSms">People whose first message from this workflow would go out by SMS.</param>
public sealed record RunPreview(string WorkflowId, int Targets, int PeopleMessaged, int FirstMessagesEmailPush, int FirstMessagesSms);

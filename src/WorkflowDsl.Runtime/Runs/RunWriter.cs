using Microsoft.EntityFrameworkCore;
using WorkflowDsl.Plan;
using WorkflowDsl.Runtime.Storage;

namespace WorkflowDsl.Runtime.Runs;

/// <summary>The run's writer: turns the per-user pass's outcomes into rows in the run's open transaction
/// (progress, outbox rows to users with their skipped channels, digest entries for the digest planner),
/// writes them page by page (new rows in bulk through <see cref="BulkInsert"/>, changed progress through
/// EF), and writes the run record's tallies, its completion and its failure. It decides nothing about
/// steps: <see cref="StepMachine"/> did.</summary>
internal sealed class RunWriter(WorkflowDbContext db, string workflowId, Guid runId, DateTime now)
{
    private readonly List<UserProgress> _newProgress = [];
    private readonly List<OutboxMessage> _newOutbox = [];

    /// <summary>A user in the group with an active completion: their progress (if any) is marked completed.</summary>
    public void MarkCompleted(UserProgress? state)
    {
        if (state is null || state.Completed) return;
        state.Completed = true;
        state.UpdatedAt = now;
    }

    /// <summary>Stores where the user is now: a new progress row for a user seen for the first time, else
    /// the tracked row changed where it differs.</summary>
    public void Advance(UserProgress? state, string userId, IReadOnlyList<PlanStep> steps, StepCursor next)
    {
        if (state is null)
        {
            state = new UserProgress { WorkflowId = workflowId, UserId = userId, FirstSeenAt = now, UpdatedAt = now };
            _newProgress.Add(state);
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
    }

    /// <summary>Plans one message the step machine decided on: an outbox row to the user (channels without
    /// contact data skipped and reported), or a digest entry for the user's manager / HR partner (a user
    /// without one is reported and moves on).</summary>
    public void PlanSend(TargetRow user, PlannedSend send, RunTally tally)
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
            foreach (var channel in RunEngine.Split(row.SkippedChannels))
                tally.Issue("no-contact-data", send.StepKey, channel, user.Id, "recipients skipped on this channel: " + ContactData.MissingReason(channel));
            _newOutbox.Add(row);
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

    /// <summary>Writes the page: changed progress and digest entries through EF (then the change tracker is
    /// cleared, so memory is bounded by the page size), new progress and outbox rows in bulk.</summary>
    public async Task FlushPageAsync(CancellationToken cancellationToken)
    {
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        await BulkInsert.ProgressAsync(db, _newProgress, cancellationToken);
        await BulkInsert.OutboxAsync(db, _newOutbox, cancellationToken);
        _newProgress.Clear();
        _newOutbox.Clear();
    }

    /// <summary>Once the run's (or chunk's) users are done: a Skipped delivery result for every channel its
    /// new messages to users skipped.</summary>
    public Task SkippedResultsAsync(RunTally tally, CancellationToken cancellationToken) =>
        BulkInsert.SkippedResultsAsync(db, runId, now, tally.SkippedUserChannels, cancellationToken);

    /// <summary>Adds the tally to the run record (chunks add up) and records its warnings. A scheduled run
    /// counted its first messages when it started (the safety catch, with the same pass); other runs record
    /// the count of the pass that planned the messages.</summary>
    public static async Task ApplyTallyAsync(WorkflowDbContext db, Guid runId, RunTrigger trigger, RunTally tally, CancellationToken cancellationToken)
    {
        int firstEmailPush = trigger != RunTrigger.Scheduled ? tally.FirstEmailPush : 0;
        int firstSms = trigger != RunTrigger.Scheduled ? tally.FirstSms : 0;
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

    /// <summary>Marks the run completed; a confirmed run's first-message counts become the safety catch's
    /// new baseline and scheduling goes back On (in the run's transaction).</summary>
    public static async Task CompleteRunAsync(WorkflowDbContext db, string workflowId, Guid runId, RunTrigger trigger, DateTime now, CancellationToken cancellationToken)
    {
        var run = await db.Runs.FirstAsync(r => r.Id == runId, cancellationToken);
        run.Outcome = RunOutcome.Completed;
        run.FinishedAt = now;
        if (trigger == RunTrigger.Confirmed)
        {
            var record = await db.Workflows.FirstAsync(w => w.Id == workflowId, cancellationToken);
            SafetyCatch.SaveBaseline(record, run.FirstMessagesEmailPush, run.FirstMessagesSms, now);
        }
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }

    /// <summary>Records that the run failed (best effort, in a context of its own: the run's transaction
    /// was rolled back).</summary>
    public static async Task MarkFailedAsync(WorkflowDatabase database, Guid runId, DateTime now, Exception exception)
    {
        try
        {
            await using var db = database.CreateContext();
            string note = "Failed: " + exception.GetType().Name + ": " + exception.Message;
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
}

using Microsoft.EntityFrameworkCore;
using WorkflowDsl.Plan;
using WorkflowDsl.Runtime.Storage;

namespace WorkflowDsl.Runtime.Runs;

/// <summary>The digest planner: the run's last stage groups the digest entries the run wrote (one per
/// user who reached a manager / HR-partner step or a repeat of one) into ONE outbox row per recipient for
/// the whole run, also a chunked one: across every digest step and repeat, and across the recipient's
/// roles (a person who is one user's manager and another's HR partner gets one digest). The row lists
/// every entry, each with the step key and repeat the user reached; it goes out on the union of the
/// channels those steps ask for (so no channel carries two digests to one person in one run), with the
/// template, recipient kind, step key and repeat of the entry furthest in the workflow (the latest step,
/// then the highest repeat). A recipient without contact data for a channel, or not in the directory,
/// gets the channel skipped with the reason.</summary>
internal static class DigestPlanner
{
    /// <summary>Plans the run's digests in the open transaction.</summary>
    public static async Task PlanAsync(WorkflowDbContext db, WorkflowPlan plan, Guid runId, DateTime now, RunTally tally, CancellationToken cancellationToken)
    {
        string workflowId = plan.Id;
        var entries = await db.DigestEntries.Where(d => d.WorkflowId == workflowId && d.RunId == runId && d.OutboxMessageId == null).ToListAsync(cancellationToken);
        if (entries.Count == 0) return;
        var recipientIds = entries.Select(e => e.RecipientId).Distinct().ToList();
        var recipients = new Dictionary<string, TargetRow>();
        foreach (var batch in recipientIds.Chunk(1000))
        {
            var list = batch.ToList();
            foreach (var r in await db.Users.Where(u => list.Contains(u.Id) && u.RemovedAt == null)
                         .Select(u => new TargetRow { Id = u.Id, Email = u.Email, Phone = u.Phone, HasDeviceToken = u.DeviceTokens.Any() })
                         .ToListAsync(cancellationToken))
                recipients[r.Id] = r;
        }
        var order = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < plan.Steps.Count; i++) order.TryAdd(plan.Steps[i].Key, i);
        string batchKey = runId.ToString("N");
        foreach (var digest in entries.GroupBy(e => e.RecipientId, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            // The entry furthest in the workflow decides the template and what the row is counted under.
            var lead = digest.OrderBy(e => order.GetValueOrDefault(e.StepKey, -1)).ThenBy(e => e.Repeat).Last();
            var asked = digest.Aggregate(Channel.None, (all, e) => all | e.Channels);
            recipients.TryGetValue(digest.Key, out var recipient);
            var reachable = recipient is null ? Channel.None : ContactData.Reachable(asked, recipient.Email, recipient.Phone, recipient.HasDeviceToken);
            var row = new OutboxMessage
            {
                WorkflowId = workflowId, RunId = runId, RecipientKind = lead.RecipientKind, RecipientId = digest.Key,
                StepKey = lead.StepKey, Repeat = lead.Repeat, Batch = batchKey, TemplateId = lead.TemplateId,
                Channels = reachable, SkippedChannels = asked & ~reachable, CreatedAt = now, ListedUsers = digest.Count(),
            };
            foreach (var channel in RunEngine.Split(row.SkippedChannels))
            {
                string reason = recipient is null
                    ? $"digest recipient '{digest.Key}' is not in the directory: import the user or fix the manager / HR partner ids"
                    : ContactData.MissingReason(channel);
                row.Results.Add(new DeliveryResult { Channel = channel, Status = DeliveryStatus.Skipped, Reason = reason, At = now });
                tally.Issue(recipient is null ? "unknown-digest-recipient" : "no-contact-data", lead.StepKey, channel, digest.Key, "digest recipients skipped on this channel: " + reason);
            }
            row.Entries.AddRange(digest);
            db.Outbox.Add(row);
            tally.DigestMessages++;
        }
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }
}

using Microsoft.EntityFrameworkCore;
using WorkflowDsl.Runtime.Storage;

namespace WorkflowDsl.Runtime.Runs;

/// <summary>The digest planner: the run's last stage groups the digest entries the run wrote (one per
/// user who reached a manager / HR-partner step) into one outbox row per (recipient, step key, repeat)
/// for the whole run, also a chunked one. A recipient without contact data for a channel, or not in the
/// directory, gets the channel skipped with the reason.</summary>
internal static class DigestPlanner
{
    /// <summary>Plans the run's digests in the open transaction.</summary>
    public static async Task PlanAsync(WorkflowDbContext db, string workflowId, Guid runId, DateTime now, RunTally tally, CancellationToken cancellationToken)
    {
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
        string batchKey = runId.ToString("N");
        foreach (var digest in entries.GroupBy(e => (e.RecipientKind, e.RecipientId, e.StepKey, e.Repeat)).OrderBy(g => g.Key.RecipientId, StringComparer.Ordinal))
        {
            var first = digest.First();
            recipients.TryGetValue(digest.Key.RecipientId, out var recipient);
            var reachable = recipient is null ? Channel.None : ContactData.Reachable(first.Channels, recipient.Email, recipient.Phone, recipient.HasDeviceToken);
            var row = new OutboxMessage
            {
                WorkflowId = workflowId, RunId = runId, RecipientKind = digest.Key.RecipientKind, RecipientId = digest.Key.RecipientId,
                StepKey = digest.Key.StepKey, Repeat = digest.Key.Repeat, Batch = batchKey, TemplateId = first.TemplateId,
                Channels = reachable, SkippedChannels = first.Channels & ~reachable, CreatedAt = now, ListedUsers = digest.Count(),
            };
            foreach (var channel in RunEngine.Split(row.SkippedChannels))
            {
                string reason = recipient is null
                    ? $"digest recipient '{digest.Key.RecipientId}' is not in the directory: import the user or fix the manager / HR partner ids"
                    : ContactData.MissingReason(channel);
                row.Results.Add(new DeliveryResult { Channel = channel, Status = DeliveryStatus.Skipped, Reason = reason, At = now });
                tally.Issue(recipient is null ? "unknown-digest-recipient" : "no-contact-data", digest.Key.StepKey, channel, digest.Key.RecipientId, "digest recipients skipped on this channel: " + reason);
            }
            row.Entries.AddRange(digest);
            db.Outbox.Add(row);
            tally.DigestMessages++;
        }
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }
}

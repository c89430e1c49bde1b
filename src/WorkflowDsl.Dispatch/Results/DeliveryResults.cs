using Microsoft.EntityFrameworkCore;
using WorkflowDsl.Delivery.Tracking;
using WorkflowDsl.Dispatch.Storage;
using WorkflowDsl.Runtime.Storage;

namespace WorkflowDsl.Dispatch.Results;

/// <summary>Delivery counts of one step, recipient kind and channel.</summary>
/// <param name="StepKey">The step key (a DelayAndRepeat key for repeats).</param>
/// <param name="RecipientKind">User, Manager or HrPartner.</param>
/// <param name="Channel">One channel.</param>
/// <param name="Delivered">Accepted by the provider.</param>
/// <param name="Failed">Failed for good (refused, invalid address, transient failures past the limit).</param>
/// <param name="Skipped">Not sent on purpose: no contact data (found by the run), unsubscribed, opted out.</param>
/// <param name="Pending">Planned, without a final result yet (waiting for the dispatcher or a retry).</param>
public sealed record StepDeliveryCount(string StepKey, Recipient RecipientKind, Channel Channel, int Delivered, int Failed, int Skipped, int Pending);

/// <summary>Delivery results of one workflow: what the run engine's <c>WorkflowResults</c> does not show.</summary>
/// <param name="WorkflowId">The workflow.</param>
/// <param name="ByStep">Counts by step, recipient kind and channel.</param>
/// <param name="EmailedUsers">Distinct recipients with at least one delivered email.</param>
/// <param name="OpenedUsers">Of those, distinct recipients with a recorded open.</param>
/// <param name="ClickedUsers">Of those, distinct recipients with a recorded click.</param>
public sealed record DeliveryResults(string WorkflowId, IReadOnlyList<StepDeliveryCount> ByStep, int EmailedUsers, int OpenedUsers, int ClickedUsers)
{
    /// <summary>Approximate share of emailed users who opened an email, 0..1 (0 when nobody was emailed).
    /// Approximate: image blocking hides opens, Apple Mail Privacy Protection fetches every pixel.</summary>
    public double OpenedRate => EmailedUsers == 0 ? 0 : (double)OpenedUsers / EmailedUsers;

    /// <summary>Share of emailed users who clicked a link, 0..1 (link scanners may inflate it).</summary>
    public double ClickedRate => EmailedUsers == 0 ? 0 : (double)ClickedUsers / EmailedUsers;

    /// <summary>Totals of one channel over all steps.</summary>
    public StepDeliveryCount Total(Channel channel) => new("*", Recipient.User, channel,
        ByStep.Where(s => s.Channel == channel).Sum(s => s.Delivered), ByStep.Where(s => s.Channel == channel).Sum(s => s.Failed),
        ByStep.Where(s => s.Channel == channel).Sum(s => s.Skipped), ByStep.Where(s => s.Channel == channel).Sum(s => s.Pending));

    /// <summary>Computes the delivery results of <paramref name="workflowId"/> in the database.</summary>
    public static async Task<DeliveryResults> ComputeAsync(DispatchDbContext db, string workflowId, CancellationToken cancellationToken = default)
    {
        var outbox = db.Outbox.Where(m => m.WorkflowId == workflowId);
        var planned = await outbox.GroupBy(m => new { m.StepKey, m.RecipientKind, m.Channels, m.SkippedChannels })
            .Select(g => new { g.Key.StepKey, g.Key.RecipientKind, Channels = g.Key.Channels | g.Key.SkippedChannels, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var results = await (from r in db.DeliveryResults
                             join m in outbox on r.OutboxMessageId equals m.Id
                             where r.Status != DeliveryStatus.Pending
                             group r by new { m.StepKey, m.RecipientKind, r.Channel, r.Status } into g
                             select new { g.Key.StepKey, g.Key.RecipientKind, g.Key.Channel, g.Key.Status, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var slots = new Dictionary<(string, Recipient, Channel), int[]>();
        int[] Slot(string step, Recipient kind, Channel channel)
        {
            if (!slots.TryGetValue((step, kind, channel), out var slot)) slots[(step, kind, channel)] = slot = new int[4];
            return slot;
        }
        foreach (var p in planned)
            foreach (var c in new[] { Channel.Email, Channel.Push, Channel.Sms })
                if (p.Channels.HasFlag(c)) Slot(p.StepKey, p.RecipientKind, c)[3] += p.Count;
        foreach (var r in results)
        {
            var slot = Slot(r.StepKey, r.RecipientKind, r.Channel);
            slot[r.Status switch { DeliveryStatus.Delivered => 0, DeliveryStatus.Failed => 1, _ => 2 }] += r.Count;
            slot[3] -= r.Count;
        }
        var byStep = slots.OrderBy(s => s.Key.Item1, StringComparer.Ordinal).ThenBy(s => s.Key.Item2).ThenBy(s => s.Key.Item3)
            .Select(s => new StepDeliveryCount(s.Key.Item1, s.Key.Item2, s.Key.Item3, s.Value[0], s.Value[1], s.Value[2], Math.Max(0, s.Value[3])))
            .ToList();

        var emailed = from r in db.DeliveryResults
                      join m in outbox on r.OutboxMessageId equals m.Id
                      where r.Channel == Channel.Email && r.Status == DeliveryStatus.Delivered
                      select new { m.Id, m.RecipientId };
        int emailedUsers = await emailed.Select(e => e.RecipientId).Distinct().CountAsync(cancellationToken);
        int opened = await CountAsync(db, emailed.Select(e => e.Id), TrackingKind.Open, cancellationToken);
        int clicked = await CountAsync(db, emailed.Select(e => e.Id), TrackingKind.Click, cancellationToken);
        return new DeliveryResults(workflowId, byStep, emailedUsers, opened, clicked);
    }

    private static Task<int> CountAsync(DispatchDbContext db, IQueryable<long> emailedMessages, TrackingKind kind, CancellationToken cancellationToken) =>
        db.Tracking.Where(t => t.Kind == kind && emailedMessages.Contains(t.OutboxMessageId))
            .Select(t => t.UserId).Distinct().CountAsync(cancellationToken);
}

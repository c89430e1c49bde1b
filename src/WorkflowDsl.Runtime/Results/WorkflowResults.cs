using Microsoft.EntityFrameworkCore;
using WorkflowDsl.Plan;
using WorkflowDsl.Runtime.Runs;
using WorkflowDsl.Runtime.Storage;
using WorkflowDsl.Runtime.TargetGroups;

namespace WorkflowDsl.Runtime.Results;

/// <summary>The results of one workflow, as administrators see them.</summary>
/// <param name="WorkflowId">The workflow.</param>
/// <param name="Status">Stopped, Starting or Running.</param>
/// <param name="Scheduling">On, Off or Paused.</param>
/// <param name="HasErrors">Whether the last validation found errors.</param>
/// <param name="Targets">The target group's current size.</param>
/// <param name="TargetedUsers">Users the workflow has ever targeted (with progress).</param>
/// <param name="CompletedUsers">Targeted users with an active completion of all contents now.</param>
/// <param name="IncompleteUsers">Targeted users without one.</param>
/// <param name="CompletionRate">Completed / targeted, 0..1 (0 when nobody was targeted).</param>
/// <param name="ByStep">Messages by step, channel and recipient kind.</param>
/// <param name="Runs">The runs, newest first.</param>
public sealed record WorkflowResults(
    string WorkflowId,
    WorkflowStatus Status,
    SchedulingState Scheduling,
    bool HasErrors,
    int Targets,
    int TargetedUsers,
    int CompletedUsers,
    int IncompleteUsers,
    double CompletionRate,
    IReadOnlyList<StepChannelCount> ByStep,
    IReadOnlyList<RunRecord> Runs)
{
    /// <summary>Computes the results of <paramref name="plan"/> at <paramref name="now"/> (UTC), in the database.</summary>
    public static async Task<WorkflowResults> ComputeAsync(WorkflowDbContext db, WorkflowPlan plan, DateTime now, CancellationToken cancellationToken = default)
    {
        string workflowId = plan.Id;
        var record = await db.Workflows.AsNoTracking().FirstOrDefaultAsync(w => w.Id == workflowId, cancellationToken)
            ?? new WorkflowRecord { Id = workflowId, Name = plan.Name };
        int targets = await new TargetGroupQuery(db, plan, now).Users().CountAsync(cancellationToken);
        var (targeted, completed) = await CountCompletionAsync(db, plan, now, cancellationToken);
        var byStep = await CountByStepAsync(db, workflowId, null, cancellationToken);
        var runs = await db.Runs.AsNoTracking().Where(r => r.WorkflowId == workflowId).OrderByDescending(r => r.StartedAt).ToListAsync(cancellationToken);
        return new WorkflowResults(workflowId, record.Status, record.Scheduling, record.HasErrors, targets, targeted, completed, targeted - completed,
            targeted == 0 ? 0 : (double)completed / targeted, byStep, runs);
    }

    /// <summary>Users the workflow has ever targeted (with progress) and how many of them have an active
    /// completion of all its contents at <paramref name="now"/>: the completion rate's two terms.</summary>
    public static async Task<(int Targeted, int Completed)> CountCompletionAsync(WorkflowDbContext db, WorkflowPlan plan, DateTime now, CancellationToken cancellationToken = default)
    {
        string workflowId = plan.Id;
        var contents = plan.Contents.Distinct().ToList();
        int contentCount = contents.Count;
        var progress = db.Progress.Where(p => p.WorkflowId == workflowId);
        int targeted = await progress.CountAsync(cancellationToken);
        var active = TargetGroupQuery.ActiveCompletion(now);
        int completed = await progress.CountAsync(p => db.Completions.Where(c => c.UserId == p.UserId && contents.Contains(c.ContentId)).Count(active) == contentCount, cancellationToken);
        return (targeted, completed);
    }

    /// <summary>Messages of a workflow (or of one run) by step, recipient kind and channel: planned,
    /// skipped, delivered and failed.</summary>
    public static async Task<IReadOnlyList<StepChannelCount>> CountByStepAsync(WorkflowDbContext db, string workflowId, Guid? runId, CancellationToken cancellationToken = default)
    {
        var outbox = db.Outbox.Where(m => m.WorkflowId == workflowId);
        if (runId is { } id) outbox = outbox.Where(m => m.RunId == id);
        var groups = await outbox.GroupBy(m => new { m.StepKey, m.RecipientKind, m.Channels, m.SkippedChannels })
            .Select(g => new { g.Key.StepKey, g.Key.RecipientKind, g.Key.Channels, g.Key.SkippedChannels, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var delivered = await (from r in db.DeliveryResults
                               join m in outbox on r.OutboxMessageId equals m.Id
                               where r.Status == DeliveryStatus.Delivered || r.Status == DeliveryStatus.Failed
                               group r by new { m.StepKey, m.RecipientKind, r.Channel, r.Status } into g
                               select new { g.Key.StepKey, g.Key.RecipientKind, g.Key.Channel, g.Key.Status, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var counts = new Dictionary<(string, Recipient, Channel), int[]>();
        int[] Slot(string step, Recipient kind, Channel channel)
        {
            if (!counts.TryGetValue((step, kind, channel), out var slot)) counts[(step, kind, channel)] = slot = new int[4];
            return slot;
        }
        foreach (var g in groups)
        {
            foreach (var c in RunEngine.Split(g.Channels)) Slot(g.StepKey, g.RecipientKind, c)[0] += g.Count;
            foreach (var c in RunEngine.Split(g.SkippedChannels)) Slot(g.StepKey, g.RecipientKind, c)[1] += g.Count;
        }
        foreach (var d in delivered) Slot(d.StepKey, d.RecipientKind, d.Channel)[d.Status == DeliveryStatus.Delivered ? 2 : 3] += d.Count;
        return counts.OrderBy(c => c.Key.Item1, StringComparer.Ordinal).ThenBy(c => c.Key.Item2).ThenBy(c => c.Key.Item3)
            .Select(c => new StepChannelCount(c.Key.Item1, c.Key.Item2, c.Key.Item3, c.Value[0], c.Value[1], c.Value[2], c.Value[3]))
            .ToList();
    }
}

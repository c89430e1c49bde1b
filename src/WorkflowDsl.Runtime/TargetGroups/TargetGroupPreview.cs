using Microsoft.EntityFrameworkCore;
using WorkflowDsl.Plan;
using WorkflowDsl.Runtime.Storage;

namespace WorkflowDsl.Runtime.TargetGroups;

/// <summary>A user the target group excludes, and the first condition that excluded them.</summary>
/// <param name="UserId">The user.</param>
/// <param name="Stage">The stage of the condition.</param>
/// <param name="Condition">The condition's description.</param>
public sealed record ExcludedUser(string UserId, TargetGroupStage Stage, string Condition);

/// <summary>Who is in a target group and, for everyone excluded, which condition excluded them.</summary>
/// <param name="Included">Users in the group (ordered by id, at most the limit asked for).</param>
/// <param name="IncludedCount">How many users are in the group.</param>
/// <param name="Excluded">Excluded users (ordered by stage, then id; at most the limit per condition).</param>
/// <param name="ExcludedCounts">How many users each condition excluded, by condition description, in order.</param>
public sealed record TargetGroupPreview(
    IReadOnlyList<string> Included,
    int IncludedCount,
    IReadOnlyList<ExcludedUser> Excluded,
    IReadOnlyList<(TargetGroupStage Stage, string Condition, int Count)> ExcludedCounts)
{
    /// <summary>Computes the preview of <paramref name="plan"/>'s target group at <paramref name="now"/>:
    /// one counting query and one listing query per condition, all in the database.</summary>
    /// <param name="db">The context.</param>
    /// <param name="plan">The workflow plan.</param>
    /// <param name="now">The time completions are judged at (UTC).</param>
    /// <param name="limit">At most this many users listed in <see cref="Included"/> and per condition in <see cref="Excluded"/>.</param>
    /// <param name="cancellationToken">Cancels the queries.</param>
    public static async Task<TargetGroupPreview> ComputeAsync(WorkflowDbContext db, WorkflowPlan plan, DateTime now, int limit = 1000, CancellationToken cancellationToken = default)
    {
        var query = new TargetGroupQuery(db, plan, now);
        var included = await query.Users().OrderBy(u => u.Id).Select(u => u.Id).Take(limit).ToListAsync(cancellationToken);
        int includedCount = await query.Users().CountAsync(cancellationToken);
        var excluded = new List<ExcludedUser>();
        var counts = new List<(TargetGroupStage, string, int)>();
        for (int i = 0; i < query.Conditions.Count; i++)
        {
            var condition = query.Conditions[i];
            var ids = await query.ExcludedBy(i).OrderBy(u => u.Id).Select(u => u.Id).Take(limit).ToListAsync(cancellationToken);
            int count = ids.Count < limit ? ids.Count : await query.ExcludedBy(i).CountAsync(cancellationToken);
            excluded.AddRange(ids.Select(id => new ExcludedUser(id, condition.Stage, condition.Description)));
            counts.Add((condition.Stage, condition.Description, count));
        }
        return new TargetGroupPreview(included, includedCount, excluded, counts);
    }
}

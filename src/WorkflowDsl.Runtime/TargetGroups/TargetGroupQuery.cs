using System.Linq.Expressions;
using WorkflowDsl.Plan;
using WorkflowDsl.Runtime.Storage;
using WorkflowDsl.Users;

namespace WorkflowDsl.Runtime.TargetGroups;

/// <summary>The stage of the target group that decides about a user, in the order SPEC.md gives.</summary>
public enum TargetGroupStage
{
    /// <summary>1. Assignment of the contents.</summary>
    Assignment = 1,
    /// <summary>2. Active completion of all contents.</summary>
    Completion = 2,
    /// <summary>3. An additional filter.</summary>
    AdditionalFilter = 3,
    /// <summary>4. Miscellaneous exclusions (inactive users, the exclusion list).</summary>
    Miscellaneous = 4,
    /// <summary>5. The owner's scope.</summary>
    OwnerScope = 5,
}

/// <summary>One condition of the target group: a user is in the group when they pass all of them.</summary>
/// <param name="Stage">Which stage it belongs to.</param>
/// <param name="Description">What it keeps, as previews show it.</param>
/// <param name="Predicate">The condition as an expression tree the database evaluates.</param>
public sealed record TargetGroupCondition(TargetGroupStage Stage, string Description, Expression<Func<DirectoryUser, bool>> Predicate);

/// <summary>Builds a workflow's target group as one database query, in the order of SPEC.md:
/// assignment, completion, additional filters, miscellaneous exclusions, owner scope. Every condition
/// is an expression tree, so the group is evaluated in SQL and never loaded whole into memory.</summary>
public sealed class TargetGroupQuery
{
    private readonly WorkflowDbContext _db;

    /// <summary>Builds the conditions of <paramref name="plan"/>'s target group as of <paramref name="now"/>.</summary>
    /// <param name="db">The context the query runs in.</param>
    /// <param name="plan">The workflow plan.</param>
    /// <param name="now">The run's time (UTC): completions expiring at or before it are not active.</param>
    public TargetGroupQuery(WorkflowDbContext db, WorkflowPlan plan, DateTime now)
    {
        _db = db;
        Conditions = BuildConditions(db, plan, now);
    }

    /// <summary>The conditions, in evaluation order.</summary>
    public IReadOnlyList<TargetGroupCondition> Conditions { get; }

    /// <summary>The users in the target group (one SQL query; compose further, such as paging, before running it).</summary>
    public IQueryable<DirectoryUser> Users()
    {
        IQueryable<DirectoryUser> query = _db.Users;
        foreach (var condition in Conditions) query = query.Where(condition.Predicate);
        return query;
    }

    /// <summary>Users passing every condition before the one at <paramref name="index"/> but not that one.</summary>
    public IQueryable<DirectoryUser> ExcludedBy(int index)
    {
        IQueryable<DirectoryUser> query = _db.Users;
        for (int i = 0; i < index; i++) query = query.Where(Conditions[i].Predicate);
        var predicate = Conditions[index].Predicate;
        return query.Where(Expression.Lambda<Func<DirectoryUser, bool>>(Expression.Not(predicate.Body), predicate.Parameters));
    }

    /// <summary>The one rule of an active completion at <paramref name="now"/> (docs/product-rules.md
    /// R-TG-7): it has happened (<c>CompletedAt &lt;= now</c>: a completion dated in the future does not
    /// count yet; one dated exactly now counts) and has not expired (<c>ExpiresAt</c> is null or after now:
    /// a completion expiring exactly now no longer counts). The target group, the run's check for completed
    /// users, the safety catch's count, the preview, the results and the dispatcher's digest lists all use
    /// this expression.</summary>
    /// <param name="now">The time completions are judged at (UTC).</param>
    public static Expression<Func<Completion, bool>> ActiveCompletion(DateTime now) =>
        c => c.CompletedAt <= now && (c.ExpiresAt == null || c.ExpiresAt > now);

    /// <summary>An expression that is true for users with an active completion (<see cref="ActiveCompletion"/>
    /// at <paramref name="now"/>) of every one of <paramref name="contents"/>.</summary>
    /// <remarks>One <c>EXISTS</c> per content, each a primary-key lookup (a user has at most one
    /// completion row per content), rather than a <c>COUNT</c> of the user's active completions compared
    /// with the number of contents: the same users, but a count subquery is not known to be non-null,
    /// so the comparison came out as the subquery written twice (and four times with its negation and
    /// the run's projection), evaluated for every user of every page.</remarks>
    public static Expression<Func<DirectoryUser, bool>> CompletedAll(WorkflowDbContext db, IReadOnlyList<string> contents, DateTime now)
    {
        var user = Expression.Parameter(typeof(DirectoryUser), "u");
        Expression body = Expression.Constant(true);
        bool first = true;
        foreach (string id in contents.Distinct())
        {
            string contentId = id;
            var active = ActiveCompletion(now);
            Expression<Func<DirectoryUser, bool>> completed = u => db.Completions.Where(c => c.UserId == u.Id && c.ContentId == contentId).Any(active);
            var part = new ReplaceParameter(completed.Parameters[0], user).Visit(completed.Body);
            body = first ? part : Expression.AndAlso(body, part);
            first = false;
        }
        return Expression.Lambda<Func<DirectoryUser, bool>>(body, user);
    }

    private static List<TargetGroupCondition> BuildConditions(WorkflowDbContext db, WorkflowPlan plan, DateTime now)
    {
        var group = plan.TargetGroup;
        var contents = plan.Contents.Distinct().ToList();
        var conditions = new List<TargetGroupCondition>();

        if (group.Assignees != Assignment.None)
        {
            var kinds = Enum.GetValues<Assignment>().Where(k => k != Assignment.None && group.Assignees.HasFlag(k)).ToList();
            conditions.Add(new(TargetGroupStage.Assignment,
                $"assigned {string.Join(" or ", kinds)} one of {string.Join(", ", contents)}",
                u => db.Assignments.Any(a => a.UserId == u.Id && contents.Contains(a.ContentId) && kinds.Contains(a.Kind))));
        }

        if (group.ExcludeCompleted)
        {
            var completed = CompletedAll(db, contents, now);
            conditions.Add(new(TargetGroupStage.Completion,
                $"no active completion of all of {string.Join(", ", contents)}",
                Expression.Lambda<Func<DirectoryUser, bool>>(Expression.Not(completed.Body), completed.Parameters)));
        }

        foreach (var filter in group.Filters)
            conditions.Add(new(TargetGroupStage.AdditionalFilter, filter.Description, filter.Predicate));

        // A user a full directory import removed gets nothing more, whatever the workflow says.
        conditions.Add(new(TargetGroupStage.Miscellaneous, "still in the directory (not removed by a full import)", u => u.RemovedAt == null));

        if (group.ExcludeInactive)
            conditions.Add(new(TargetGroupStage.Miscellaneous, "active users only", u => u.IsActive));

        if (group.ExcludedUserIds.Count > 0)
        {
            var excluded = group.ExcludedUserIds.ToList();
            conditions.Add(new(TargetGroupStage.Miscellaneous, $"not on the exclusion list ({excluded.Count} users)", u => !excluded.Contains(u.Id)));
        }

        if (plan.Owner is { } owner)
        {
            // A super-administrator's scope is everything; an owner with no scope rows sees nobody.
            conditions.Add(new(TargetGroupStage.OwnerScope, $"in the scope of owner {owner}",
                u => db.Administrators.Any(a => a.Id == owner && a.IsSuperAdministrator)
                  || db.AdministratorScopes.Any(s => s.AdministratorId == owner && u.OrgUnitPath.Contains("/" + s.OrgUnitId + "/"))));
        }
        return conditions;
    }
}

/// <summary>Substitutes one expression for a lambda's parameter (to combine expression trees).</summary>
internal sealed class ReplaceParameter(ParameterExpression from, Expression to) : ExpressionVisitor
{
    protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
}

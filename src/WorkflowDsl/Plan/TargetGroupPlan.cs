using System.Linq.Expressions;
using WorkflowDsl.Users;

namespace WorkflowDsl.Plan;

/// <summary>Who a workflow targets, evaluated in the database at every run in this order:
/// assignment, completion, additional filters, miscellaneous exclusions, owner scope.</summary>
/// <param name="Assignees">Which assignees of the contents to include; <see cref="Assignment.None"/> includes all users.</param>
/// <param name="ExcludeCompleted">Exclude users with an active completion of all contents (on by default).</param>
/// <param name="Filters">Additional filters, all of which a user must pass.</param>
/// <param name="ExcludeInactive">Exclude inactive users (on by default).</param>
/// <param name="ExcludedUserIds">Users never targeted (an exclusion list).</param>
public sealed record TargetGroupPlan(
    Assignment Assignees,
    bool ExcludeCompleted,
    ValueList<UserFilter> Filters,
    bool ExcludeInactive,
    ValueList<string> ExcludedUserIds)
{
    /// <summary>The default: all users, completed ones excluded, inactive ones excluded.</summary>
    public static TargetGroupPlan Default { get; } = new(Assignment.None, true, ValueList<UserFilter>.Empty, true, ValueList<string>.Empty);
}

/// <summary>An additional filter: a predicate over <see cref="DirectoryUser"/> that EF Core
/// translates to SQL, and the text that names it in previews.</summary>
/// <param name="Description">What the filter keeps, as people read it (the lambda's source text for <c>Where</c>).</param>
/// <param name="Predicate">The filter as an expression tree.</param>
public sealed record UserFilter(string Description, Expression<Func<DirectoryUser, bool>> Predicate)
{
    /// <summary>Two filters are equal when they read the same and their trees print the same.</summary>
    public bool Equals(UserFilter? other) =>
        other is not null && Description == other.Description && Predicate.ToString() == other.Predicate.ToString();

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Description, Predicate.ToString());

    /// <inheritdoc/>
    public override string ToString() => Description;
}

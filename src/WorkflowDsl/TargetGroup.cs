using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using WorkflowDsl.Plan;
using WorkflowDsl.Users;

namespace WorkflowDsl;

/// <summary>Builds a workflow's target group. Each method returns a new builder; the defaults are
/// all users, completed users excluded and inactive users excluded. Filters are expression trees
/// over <see cref="DirectoryUser"/>, translated to SQL at run time.</summary>
public sealed class TargetGroup
{
    private TargetGroup(TargetGroupPlan plan) => Plan = plan;

    /// <summary>The default target group.</summary>
    public static TargetGroup Everyone { get; } = new(TargetGroupPlan.Default);

    /// <summary>The target group as plan data.</summary>
    public TargetGroupPlan Plan { get; }

    /// <summary>Builds a plan by applying <paramref name="configure"/> to the default target group.</summary>
    public static TargetGroupPlan Build(Func<TargetGroup, TargetGroup> configure) => configure(Everyone).Plan;

    // 1. Assignment
    /// <summary>Includes only users assigned the contents with one of these kinds
    /// (<c>Assignment.Mandatory | Assignment.Optional</c>); <see cref="Assignment.None"/> includes everyone.</summary>
    public TargetGroup Assignees(Assignment kinds) => new(Plan with { Assignees = kinds });

    // 2. Completion
    /// <summary>Excludes users with an active completion of all contents (the default).</summary>
    public TargetGroup ExcludingCompleted() => new(Plan with { ExcludeCompleted = true });

    /// <summary>Keeps users who already completed the contents in the group.</summary>
    public TargetGroup IncludingCompleted() => new(Plan with { ExcludeCompleted = false });

    // 3. Additional filters
    /// <summary>Keeps only users matching <paramref name="predicate"/>; use properties of
    /// <see cref="DirectoryUser"/> and simple operators so the database can evaluate it.</summary>
    /// <param name="predicate">The filter.</param>
    /// <param name="description">How previews name the filter; the lambda's source text by default.</param>
    public TargetGroup Where(Expression<Func<DirectoryUser, bool>> predicate, [CallerArgumentExpression(nameof(predicate))] string description = "")
        => AddFilter(description, predicate);

    /// <summary>Keeps users in the org unit <paramref name="orgUnitId"/> or any unit below it.</summary>
    public TargetGroup InOrgUnit(string orgUnitId)
    {
        string segment = "/" + orgUnitId + "/";
        return AddFilter("org unit " + orgUnitId + " and below", u => u.OrgUnitPath.Contains(segment));
    }

    /// <summary>Keeps users in one of the given countries (ISO codes).</summary>
    public TargetGroup InCountry(params string[] countries)
    {
        var list = countries.ToList();
        return AddFilter("country in (" + string.Join(", ", countries) + ")", u => u.Country != null && list.Contains(u.Country));
    }

    /// <summary>Keeps users in one of the given departments.</summary>
    public TargetGroup InDepartment(params string[] departments)
    {
        var list = departments.ToList();
        return AddFilter("department in (" + string.Join(", ", departments) + ")", u => u.Department != null && list.Contains(u.Department));
    }

    /// <summary>Keeps users with one of the given job titles.</summary>
    public TargetGroup WithJobTitle(params string[] jobTitles)
    {
        var list = jobTitles.ToList();
        return AddFilter("job title in (" + string.Join(", ", jobTitles) + ")", u => u.JobTitle != null && list.Contains(u.JobTitle));
    }

    /// <summary>Keeps users whose custom attribute <paramref name="name"/> equals <paramref name="value"/>.</summary>
    public TargetGroup WithAttribute(string name, string value) =>
        AddFilter("attribute " + name + " = " + value, u => u.Attributes.Any(a => a.Name == name && a.Value == value));

    /// <summary>Keeps only the listed users (a predefined group).</summary>
    public TargetGroup OnlyUsers(params string[] userIds)
    {
        var list = userIds.ToList();
        return AddFilter("one of " + userIds.Length + " listed users", u => list.Contains(u.Id));
    }

    /// <summary>Keeps users hired on or after <paramref name="date"/>.</summary>
    public TargetGroup HiredOnOrAfter(DateOnly date) =>
        AddFilter("hired on or after " + date.ToString("yyyy-MM-dd"), u => u.HireDate != null && u.HireDate >= date);

    /// <summary>Keeps users hired before <paramref name="date"/>.</summary>
    public TargetGroup HiredBefore(DateOnly date) =>
        AddFilter("hired before " + date.ToString("yyyy-MM-dd"), u => u.HireDate != null && u.HireDate < date);

    // 4. Miscellaneous
    /// <summary>Keeps inactive users in the group (they are excluded by default).</summary>
    public TargetGroup IncludingInactive() => new(Plan with { ExcludeInactive = false });

    /// <summary>Never targets the listed users (an exclusion list).</summary>
    public TargetGroup ExcludingUsers(params string[] userIds) =>
        new(Plan with { ExcludedUserIds = new ValueList<string>(Plan.ExcludedUserIds.Concat(userIds)) });

    private TargetGroup AddFilter(string description, Expression<Func<DirectoryUser, bool>> predicate) =>
        new(Plan with { Filters = new ValueList<UserFilter>(Plan.Filters.Append(new UserFilter(description, predicate))) });
}

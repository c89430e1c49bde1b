using WorkflowDsl.Plan;
using WorkflowDsl.Users;

namespace WorkflowDsl.Tests;

public class TargetGroupTests
{
    private static readonly DirectoryUser Finn = new()
    {
        Id = "u1", Country = "FI", Department = "Logistics", JobTitle = "Driver", OrgUnitPath = "/root/warehouses/fi/",
        HireDate = new DateOnly(2026, 3, 1), Attributes = [new UserAttribute { UserId = "u1", Name = "site", Value = "Vantaa" }],
    };

    private static bool Keeps(Func<TargetGroup, TargetGroup> configure, DirectoryUser user) =>
        TargetGroup.Build(configure).Filters.All(f => f.Predicate.Compile()(user));

    [Fact]
    public void Defaults_are_all_users_excluding_completed_and_inactive()
    {
        var plan = TargetGroup.Build(t => t);
        Assert.Equal(TargetGroupPlan.Default, plan);
        Assert.Equal(Assignment.None, plan.Assignees);
        Assert.True(plan.ExcludeCompleted);
        Assert.True(plan.ExcludeInactive);
    }

    [Fact]
    public void Completion_exclusion_can_be_switched_off() =>
        Assert.False(TargetGroup.Build(t => t.IncludingCompleted()).ExcludeCompleted);

    [Fact]
    public void Assignment_kinds_combine() =>
        Assert.Equal(Assignment.Mandatory | Assignment.Optional, TargetGroup.Build(t => t.Assignees(Assignment.Mandatory | Assignment.Optional)).Assignees);

    [Fact]
    public void Filters_match_the_attributes_they_name()
    {
        Assert.True(Keeps(t => t.InOrgUnit("warehouses").InCountry("FI", "SE").InDepartment("Logistics").WithJobTitle("Driver")
            .WithAttribute("site", "Vantaa").OnlyUsers("u1", "u2").HiredOnOrAfter(new DateOnly(2026, 1, 1)).Where(u => u.Id.StartsWith("u")), Finn));
        Assert.False(Keeps(t => t.InOrgUnit("offices"), Finn));
        Assert.False(Keeps(t => t.InOrgUnit("ware"), Finn));
        Assert.False(Keeps(t => t.InCountry("SE"), Finn));
        Assert.False(Keeps(t => t.WithAttribute("site", "Espoo"), Finn));
        Assert.False(Keeps(t => t.HiredBefore(new DateOnly(2026, 1, 1)), Finn));
        Assert.False(Keeps(t => t.OnlyUsers("u2"), Finn));
    }

    [Fact]
    public void A_where_filter_is_described_by_its_source_text() =>
        Assert.Equal("u => u.Country == \"FI\"", TargetGroup.Build(t => t.Where(u => u.Country == "FI")).Filters[0].Description);

    [Fact]
    public void Exclusions_accumulate()
    {
        var plan = TargetGroup.Build(t => t.ExcludingUsers("a").ExcludingUsers("b", "c").IncludingInactive());
        Assert.Equal(["a", "b", "c"], plan.ExcludedUserIds);
        Assert.False(plan.ExcludeInactive);
    }
}

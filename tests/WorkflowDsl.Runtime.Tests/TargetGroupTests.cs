using Microsoft.EntityFrameworkCore;
using WorkflowDsl.Runtime.DirectoryImport;
using WorkflowDsl.Runtime.Storage;
using WorkflowDsl.Runtime.TargetGroups;
using WorkflowDsl.Users;
using static WorkflowDsl.Runtime.Tests.Infrastructure.Scenario;

namespace WorkflowDsl.Runtime.Tests;

/// <summary>SPEC.md "The target group": evaluated in the database, in order, with a preview.</summary>
public abstract class TargetGroupTests(StoreKind store)
{
    private static DirectoryData Org(DateTime now)
    {
        DirectoryUser U(string id, string unit, string country = "FI", bool active = true) => new()
        {
            Id = id, FirstName = id, Email = id + "@example.com", OrgUnitId = unit, Country = country, IsActive = active,
        };
        return new DirectoryData
        {
            OrgUnits = [new() { Id = "root" }, new() { Id = "emea", ParentId = "root" }, new() { Id = "fi", ParentId = "emea" }, new() { Id = "us", ParentId = "root" }],
            Contents = [new() { Id = "C1" }, new() { Id = "C2" }],
            Users =
            [
                U("in-1", "fi"), U("in-2", "emea"), U("not-assigned", "fi"), U("completed", "fi"), U("half-completed", "fi"),
                U("swede", "fi", country: "SE"), U("inactive", "fi", active: false), U("listed", "fi"), U("outside-scope", "us"),
            ],
            Assignments =
            [
                .. new[] { "in-1", "in-2", "completed", "half-completed", "swede", "inactive", "listed", "outside-scope" }
                    .Select(u => new ContentAssignment { UserId = u, ContentId = "C1", Kind = Assignment.Mandatory }),
                new() { UserId = "not-assigned", ContentId = "C1", Kind = Assignment.Recommended },
            ],
            Completions =
            [
                new() { UserId = "completed", ContentId = "C1", CompletedAt = now.AddDays(-1) },
                new() { UserId = "completed", ContentId = "C2", CompletedAt = now.AddDays(-1) },
                new() { UserId = "half-completed", ContentId = "C1", CompletedAt = now.AddDays(-1) },
            ],
            Administrators = [new() { Id = "emea-admin" }],
            Scopes = [new() { AdministratorId = "emea-admin", OrgUnitId = "emea" }],
        };
    }

    private static WorkflowDsl.Plan.WorkflowPlan Plan() =>
        Workflow.Invitation("X", Channel.Email).ForContents("C1", "C2").OwnedBy("emea-admin")
            .TargetGroup(t => t.Assignees(Assignment.Mandatory | Assignment.Optional).Where(u => u.Country == "FI").ExcludingUsers("listed"))
            .Build("x");

    [StoreFact]
    public async Task The_target_group_applies_assignment_completion_filters_miscellaneous_and_owner_scope_in_the_database()
    {
        var s = await Scenario.CreateAsync(store);
        await s.ImportAsync(Org(s.Now));
        await using var db = s.Database.CreateContext();
        var query = new TargetGroupQuery(db, Plan(), s.Now);

        var ids = await query.Users().OrderBy(u => u.Id).Select(u => u.Id).ToListAsync();
        string sql = query.Users().ToQueryString();

        Assert.Equal(["half-completed", "in-1", "in-2"], ids);
        Assert.Equal([TargetGroupStage.Assignment, TargetGroupStage.Completion, TargetGroupStage.AdditionalFilter,
            TargetGroupStage.Miscellaneous /* still in the directory */, TargetGroupStage.Miscellaneous /* active */, TargetGroupStage.Miscellaneous /* excluded users */, TargetGroupStage.OwnerScope],
            query.Conditions.Select(c => c.Stage));
        Assert.Contains("WHERE", sql);
        Assert.Contains("assignments", sql);
    }

    [StoreFact]
    public async Task The_preview_names_the_condition_that_excluded_each_user()
    {
        var s = await Scenario.CreateAsync(store);
        await s.ImportAsync(Org(s.Now));
        await using var db = s.Database.CreateContext();

        var preview = await TargetGroupPreview.ComputeAsync(db, Plan(), s.Now);
        var why = preview.Excluded.ToDictionary(e => e.UserId, e => e.Stage);

        Assert.Equal(3, preview.IncludedCount);
        Assert.Equal(TargetGroupStage.Assignment, why["not-assigned"]);
        Assert.Equal(TargetGroupStage.Completion, why["completed"]);
        Assert.Equal(TargetGroupStage.AdditionalFilter, why["swede"]);
        Assert.Equal(TargetGroupStage.Miscellaneous, why["inactive"]);
        Assert.Equal(TargetGroupStage.Miscellaneous, why["listed"]);
        Assert.Equal(TargetGroupStage.OwnerScope, why["outside-scope"]);
        Assert.Equal("u => u.Country == \"FI\"", preview.Excluded.Single(e => e.UserId == "swede").Condition);
        Assert.Equal(6, preview.Excluded.Count);
    }

    [StoreFact]
    public async Task Selecting_no_assignees_includes_all_users_and_a_super_administrator_owner_sees_everyone()
    {
        var s = await Scenario.CreateAsync(store);
        var org = Org(s.Now);
        org.Administrators.Add(new Administrator { Id = "root-admin", IsSuperAdministrator = true });
        await s.ImportAsync(org);
        await using var db = s.Database.CreateContext();
        var plan = Workflow.Invitation("X", Channel.Email).ForContents("C1").OwnedBy("root-admin").TargetGroup(t => t.IncludingInactive().IncludingCompleted()).Build("x");

        int count = await new TargetGroupQuery(db, plan, s.Now).Users().CountAsync();

        Assert.Equal(9, count);
    }

    [StoreFact]
    public async Task Org_unit_custom_attribute_and_hire_date_filters_translate_to_SQL()
    {
        var s = await Scenario.CreateAsync(store);
        var org = Org(s.Now);
        org.Users.Single(u => u.Id == "in-1").HireDate = new DateOnly(2026, 2, 1);
        org.Users.Single(u => u.Id == "in-2").HireDate = new DateOnly(2026, 2, 1);
        org.Attributes.Add(new UserAttribute { UserId = "in-1", Name = "cost-center", Value = "4711" });
        await s.ImportAsync(org);
        await using var db = s.Database.CreateContext();
        var plan = Workflow.Invitation("X", Channel.Email).ForContents("C1")
            .TargetGroup(t => t.InOrgUnit("fi").WithAttribute("cost-center", "4711").HiredOnOrAfter(new DateOnly(2026, 1, 1)).IncludingCompleted()).Build("x");

        var ids = await new TargetGroupQuery(db, plan, s.Now).Users().Select(u => u.Id).ToListAsync();

        Assert.Equal(["in-1"], ids);
    }
}

public sealed class TargetGroupOnSqlite() : TargetGroupTests(StoreKind.Sqlite);

public sealed class TargetGroupOnPostgres() : TargetGroupTests(StoreKind.PostgreSql), IPostgresTests;

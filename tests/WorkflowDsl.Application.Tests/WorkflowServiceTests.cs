using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using WorkflowDsl.Application.Configuration;
using WorkflowDsl.Plan;
using WorkflowDsl.Runtime.Storage;
using WorkflowDsl.Runtime.TargetGroups;
using WorkflowDsl.Templates;

namespace WorkflowDsl.Application.Tests;

/// <summary>The application service as an application uses it. Expected values are worked out from the
/// world's directory (see <see cref="ApplicationWorld"/>): it-invite targets the mandatory assignees of C1
/// (u1..u4) less u2 who completed it = u1, u3, u4; hr-invite targets everyone (u1..u5) less u2.</summary>
public sealed class WorkflowServiceTests
{
    private static readonly Caller Super = ApplicationWorld.Super;
    private static readonly Caller ItAdmin = Caller.Administrator("ida", Permission.All, "it");

    [Fact]
    public async Task List_shows_only_workflows_with_one_of_the_callers_labels()
    {
        await using var world = await ApplicationWorld.CreateAsync();

        var it = (await world.Service.ListAsync(ItAdmin, new WorkflowListQuery())).GetValueOrThrow();
        var all = (await world.Service.ListAsync(Super, new WorkflowListQuery())).GetValueOrThrow();
        var nobody = (await world.Service.ListAsync(Caller.Administrator("nolabels", Permission.All), new WorkflowListQuery())).GetValueOrThrow();

        Assert.Equal(["it-invite"], it.Items.Select(w => w.Id));
        Assert.Equal(["HR invitation", "IT invitation"], all.Items.Select(w => w.Name));
        Assert.Empty(nobody.Items);
        Assert.Equal(0, nobody.Total);
    }

    [Fact]
    public async Task List_rows_carry_the_list_columns_before_any_run()
    {
        await using var world = await ApplicationWorld.CreateAsync();

        var row = (await world.Service.ListAsync(Super, new WorkflowListQuery(Search: "it-"))).GetValueOrThrow().Items.Single();

        Assert.Equal(("it-invite", WorkflowStatus.Stopped, SchedulingState.Off, false), (row.Id, row.Status, row.Scheduling, row.HasErrors));
        Assert.Equal(3, row.Targets);
        Assert.Equal((0d, 0d, 0d), (row.CompletedRate, row.OpenedRate, row.ClickedRate));
        Assert.Null(row.UpdatedAt);
    }

    [Fact]
    public async Task List_filters_searches_sorts_and_pages()
    {
        await using var world = await ApplicationWorld.CreateAsync();

        var byLabel = (await world.Service.ListAsync(Super, new WorkflowListQuery(Label: "hr"))).GetValueOrThrow();
        var search = (await world.Service.ListAsync(Super, new WorkflowListQuery(Search: "IT INV"))).GetValueOrThrow();
        var second = (await world.Service.ListAsync(Super, new WorkflowListQuery(Paging: new Paging(2, 1)))).GetValueOrThrow();
        var descending = (await world.Service.ListAsync(Super, new WorkflowListQuery(Sort: WorkflowSort.Id, Descending: true))).GetValueOrThrow();
        var scheduled = (await world.Service.ListAsync(Super, new WorkflowListQuery(Scheduling: SchedulingState.On))).GetValueOrThrow();

        Assert.Equal(["hr-invite"], byLabel.Items.Select(w => w.Id));
        Assert.Equal(["it-invite"], search.Items.Select(w => w.Id));
        Assert.Equal(["it-invite"], second.Items.Select(w => w.Id));
        Assert.Equal((2, 2, 2), (second.PageNumber, second.Total, second.Pages));
        Assert.Equal(["it-invite", "hr-invite"], descending.Items.Select(w => w.Id));
        Assert.Empty(scheduled.Items);
    }

    [Theory]
    [InlineData(0, 50, "page")]
    [InlineData(1, 0, "pageSize")]
    [InlineData(1, 501, "pageSize")]
    public async Task Paging_out_of_range_is_refused_naming_the_field(int page, int size, string field)
    {
        await using var world = await ApplicationWorld.CreateAsync();

        var outcome = await world.Service.ListAsync(Super, new WorkflowListQuery(Paging: new Paging(page, size)));

        Assert.Equal((RefusalKind.InvalidInput, field), (outcome.Refusal!.Kind, outcome.Refusal.Field));
    }

    [Fact]
    public async Task A_workflow_without_the_callers_labels_does_not_exist_for_them()
    {
        await using var world = await ApplicationWorld.CreateAsync();

        var hidden = await world.Service.GetAsync(ItAdmin, "hr-invite");
        var unknown = await world.Service.GetAsync(ItAdmin, "no-such-workflow");

        Assert.Equal(RefusalKind.NotFound, hidden.Refusal!.Kind);
        Assert.Equal(RefusalKind.NotFound, unknown.Refusal!.Kind);
        Assert.Equal(hidden.Refusal.Message.Replace("hr-invite", "X"), unknown.Refusal.Message.Replace("no-such-workflow", "X"));
    }

    [Fact]
    public async Task Get_gives_steps_with_keys_and_the_next_fire_times_across_the_change_to_summer_time()
    {
        await using var world = await ApplicationWorld.CreateAsync();

        var details = (await world.Service.GetAsync(Super, "it-invite")).GetValueOrThrow();

        Assert.Equal(["invite"], details.Steps.Select(s => s.Key));
        Assert.False(details.Validation.HasErrors);
        // Mondays at 08:00 in Helsinki after Monday 2 March 08:30: +02:00 until 29 March, +03:00 after.
        Assert.Equal(
        [
            new DateTimeOffset(2026, 3, 9, 8, 0, 0, TimeSpan.FromHours(2)),
            new DateTimeOffset(2026, 3, 16, 8, 0, 0, TimeSpan.FromHours(2)),
            new DateTimeOffset(2026, 3, 23, 8, 0, 0, TimeSpan.FromHours(2)),
            new DateTimeOffset(2026, 3, 30, 8, 0, 0, TimeSpan.FromHours(3)),
            new DateTimeOffset(2026, 4, 6, 8, 0, 0, TimeSpan.FromHours(3)),
        ], details.Schedule!.NextFireTimes);
        Assert.Equal([TimeSpan.FromHours(2), TimeSpan.FromHours(2), TimeSpan.FromHours(2), TimeSpan.FromHours(3), TimeSpan.FromHours(3)],
            details.Schedule.NextFireTimes.Select(t => t.Offset));
        Assert.Null((await world.Service.GetAsync(Super, "hr-invite")).GetValueOrThrow().Schedule);
    }

    [Fact]
    public async Task Target_group_preview_counts_each_exclusion_and_pages_people_with_the_reason()
    {
        await using var world = await ApplicationWorld.CreateAsync();

        var view = (await world.Service.PreviewTargetGroupAsync(Super, "it-invite", new TargetGroupPreviewQuery(Paging: new Paging(1, 2)))).GetValueOrThrow();
        var assignment = view.Conditions.Single(c => c.Stage == TargetGroupStage.Assignment);
        var completion = view.Conditions.Single(c => c.Stage == TargetGroupStage.Completion);
        var excludedByAssignment = (await world.Service.PreviewTargetGroupAsync(Super, "it-invite", new TargetGroupPreviewQuery(ExcludedBy: assignment.Index))).GetValueOrThrow();
        var searched = (await world.Service.PreviewTargetGroupAsync(Super, "it-invite", new TargetGroupPreviewQuery(Search: "U4@EXAMPLE"))).GetValueOrThrow();

        Assert.Equal(3, view.Included);
        Assert.Equal((1, 1), (assignment.Excluded, completion.Excluded));
        Assert.Equal(["u1", "u3"], view.People.Items.Select(p => p.Id));
        Assert.Equal(3, view.People.Total);
        Assert.Equal(["u5"], excludedByAssignment.People.Items.Select(p => p.Id));
        Assert.Equal(assignment.Condition, excludedByAssignment.People.Items.Single().ExcludedBy);
        Assert.Equal([("u4", "User4 Tester")], searched.People.Items.Select(p => (p.Id, p.Name)));
    }

    [Fact]
    public async Task Preview_of_a_condition_that_does_not_exist_is_refused()
    {
        await using var world = await ApplicationWorld.CreateAsync();

        var outcome = await world.Service.PreviewTargetGroupAsync(Super, "it-invite", new TargetGroupPreviewQuery(ExcludedBy: 99));

        Assert.Equal((RefusalKind.InvalidInput, "excludedBy"), (outcome.Refusal!.Kind, outcome.Refusal.Field));
    }

    [Fact]
    public async Task A_manual_run_shows_the_counts_first_and_starts_with_the_token()
    {
        await using var world = await ApplicationWorld.CreateAsync();

        var prepared = (await world.Service.PrepareRunAsync(ItAdmin, "it-invite")).GetValueOrThrow();
        var report = (await world.Service.StartRunAsync(ItAdmin, "it-invite", prepared.Confirmation)).GetValueOrThrow();
        var messages = (await world.Service.GetRunMessagesAsync(ItAdmin, "it-invite", report.RunId, new Paging(1, 10))).GetValueOrThrow();
        var runs = (await world.Service.GetRunsAsync(ItAdmin, "it-invite", default)).GetValueOrThrow();

        Assert.Equal((3, 3, 3, 0), (prepared.Targets, prepared.PeopleMessaged, prepared.FirstMessagesEmailPush, prepared.FirstMessagesSms));
        Assert.Equal(ApplicationWorld.Start.AddMinutes(15), prepared.ExpiresAt);
        Assert.Equal((RunOutcome.Completed, 3), (report.Outcome, report.UserMessages));
        Assert.Equal(["u1", "u3", "u4"], messages.Items.Select(m => m.RecipientId).Order());
        Assert.All(messages.Items, m => Assert.Equal(("invite", Channel.Email), (m.StepKey, m.Channels)));
        Assert.Equal(("ida", RunTrigger.Manual), (runs.Items.Single().StartedBy, runs.Items.Single().Trigger));
    }

    [Fact]
    public async Task Preparing_a_run_counts_the_people_due_a_message_now_and_their_first_messages()
    {
        await using var world = await ApplicationWorld.CreateAsync();
        // hr-invite: everyone but u2 (completed) = u1, u3, u4, u5; invite, wait 7 days, remind.
        var first = (await world.Service.PrepareRunAsync(Super, "hr-invite")).GetValueOrThrow();
        (await world.Service.StartRunAsync(Super, "hr-invite", first.Confirmation)).GetValueOrThrow();
        var again = (await world.Service.PrepareRunAsync(Super, "hr-invite")).GetValueOrThrow();
        world.Clock.Advance(TimeSpan.FromDays(7));
        var week = (await world.Service.PrepareRunAsync(Super, "hr-invite")).GetValueOrThrow();

        Assert.Equal((4, 4, 4), (first.Targets, first.PeopleMessaged, first.FirstMessagesEmailPush));
        Assert.Equal((4, 0, 0), (again.Targets, again.PeopleMessaged, again.FirstMessagesEmailPush));
        Assert.Equal((4, 4, 0), (week.Targets, week.PeopleMessaged, week.FirstMessagesEmailPush));
    }

    [Fact]
    public async Task A_confirmation_token_is_refused_for_another_workflow_caller_when_expired_or_tampered()
    {
        await using var world = await ApplicationWorld.CreateAsync();
        var prepared = (await world.Service.PrepareRunAsync(Super, "it-invite")).GetValueOrThrow();
        string tampered = prepared.Confirmation[..^2] + (prepared.Confirmation[^2] == 'A' ? "B" : "A") + prepared.Confirmation[^1];

        var otherWorkflow = await world.Service.StartRunAsync(Super, "hr-invite", prepared.Confirmation);
        var otherCaller = await world.Service.StartRunAsync(Caller.System("someone-else"), "it-invite", prepared.Confirmation);
        var forged = await world.Service.StartRunAsync(Super, "it-invite", tampered);
        var empty = await world.Service.StartRunAsync(Super, "it-invite", "");
        world.Clock.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1));
        var expired = await world.Service.StartRunAsync(Super, "it-invite", prepared.Confirmation);

        foreach (var outcome in new[] { otherWorkflow, otherCaller, forged, empty, expired })
            Assert.Equal((RefusalKind.InvalidInput, "confirmation"), (outcome.Refusal!.Kind, outcome.Refusal.Field));
        Assert.Contains("'it-invite', not 'hr-invite'", otherWorkflow.Refusal!.Message);
        Assert.Contains("expired", expired.Refusal!.Message);
        var runs = (await world.Service.GetRunsAsync(Super, "it-invite", default)).GetValueOrThrow();
        Assert.Empty(runs.Items);
    }

    [Fact]
    public async Task Operations_need_their_permission()
    {
        await using var world = await ApplicationWorld.CreateAsync();
        var viewer = Caller.Administrator("viewer", Permission.View, "it");

        Assert.True((await world.Service.GetAsync(viewer, "it-invite")).Succeeded);
        Assert.Equal(RefusalKind.Forbidden, (await world.Service.PrepareRunAsync(viewer, "it-invite")).Refusal!.Kind);
        Assert.Equal(RefusalKind.Forbidden, (await world.Service.SetSchedulingAsync(viewer, "it-invite", true)).Refusal!.Kind);
        Assert.Equal(RefusalKind.Forbidden, (await world.Service.ConfirmHeldRunAsync(viewer, "it-invite")).Refusal!.Kind);
        Assert.Equal(RefusalKind.Forbidden, (await world.Service.ImportDirectoryAsync(viewer, ApplicationWorld.Directory(1, 1))).Refusal!.Kind);
    }

    [Fact]
    public async Task Scheduling_cannot_be_switched_on_for_a_workflow_without_a_schedule()
    {
        await using var world = await ApplicationWorld.CreateAsync();

        var outcome = await world.Service.SetSchedulingAsync(Super, "hr-invite", true);

        Assert.Equal((RefusalKind.InvalidInput, "WFAPP005"), (outcome.Refusal!.Kind, outcome.Refusal.Code));
        Assert.Equal(SchedulingState.Off, (await world.Service.GetAsync(Super, "hr-invite")).GetValueOrThrow().Summary.Scheduling);
    }

    [Fact]
    public async Task Scheduling_cannot_be_switched_on_for_a_schedule_that_never_fires()
    {
        // A plan made in code (not by the checked builder) with 31 February: the compiler refuses it (WFDSL015), so does the service.
        var never = ApplicationWorld.ItInvite() with { Id = "never-invite", Schedule = new SchedulePlan("0 8 31 2 *", "Europe/Helsinki") };
        await using var world = await ApplicationWorld.CreateAsync(configure: dsl => dsl.AddWorkflows([never]));

        var outcome = await world.Service.SetSchedulingAsync(Super, "never-invite", true);

        Assert.Equal((RefusalKind.InvalidInput, "WFDSL015"), (outcome.Refusal!.Kind, outcome.Refusal.Code));
        Assert.Equal("workflow 'never-invite' has a schedule that would never run, so scheduling cannot be switched on: Cron expression '0 8 31 2 *' never fires: " +
                     "February never has day 31; use L for the last day of the month, for example \"0 8 L 2 *\".", outcome.Refusal.Message);
        Assert.Equal(SchedulingState.Off, (await world.Service.GetAsync(Super, "never-invite")).GetValueOrThrow().Summary.Scheduling);
    }

    [Fact]
    public async Task A_workflow_that_was_not_generated_is_refused_as_having_errors_naming_the_diagnostic_ids()
    {
        // What GeneratedWorkflows.NotGenerated lists for a class whose WFDSL003 error was suppressed (generator tests: NotGeneratedTests).
        var broken = new NotGeneratedWorkflow("broken", "App.Workflows.Broken", ["WFDSL003"]);
        await using var world = await ApplicationWorld.CreateAsync(configure: dsl => dsl.AddNotGenerated([broken]));

        foreach (var outcome in new[]
                 {
                     (await world.Service.GetAsync(Super, "broken")).Refusal,
                     (await world.Service.PrepareRunAsync(Super, "broken")).Refusal,
                     (await world.Service.SetSchedulingAsync(Super, "broken", true)).Refusal,
                 })
        {
            Assert.Equal((RefusalKind.HasErrors, "WFAPP020"), (outcome!.Kind, outcome.Code));
            Assert.Equal("Workflow 'broken' (class App.Workflows.Broken) was not generated: its definition has error WFDSL003, which the build did not stop on because " +
                         "it was suppressed (for example dotnet_diagnostic.WFDSL003.severity in .editorconfig, or #pragma warning disable). " +
                         "Fix the definition (docs/diagnostics/WFDSL003.md) and rebuild; until then the workflow does not exist at run time.", outcome.Message);
        }
        // An id that was never a workflow is still "not found".
        Assert.Equal("WFAPP002", (await world.Service.GetAsync(Super, "nothing")).Refusal!.Code);
    }

    [Fact]
    public async Task A_surge_is_held_as_a_refusal_shown_on_the_workflow_and_confirming_runs_it()
    {
        await using var world = await ApplicationWorld.CreateAsync();
        var first = (await world.Service.PrepareRunAsync(Super, "it-invite")).GetValueOrThrow();
        (await world.Service.StartRunAsync(Super, "it-invite", first.Confirmation)).GetValueOrThrow();
        // Everyone in the group has had the invitation: the baseline is 0 first messages.
        Assert.Equal(SchedulingState.On, (await world.Service.SetSchedulingAsync(Super, "it-invite", true)).GetValueOrThrow().Scheduling);
        // Four more assignees: u5 (now assigned) and u6..u8, none seen before: 4 first messages > 0 + margin 2.
        (await world.Service.ImportDirectoryAsync(Super, ApplicationWorld.Directory(8, 8))).GetValueOrThrow();

        var held = await world.Service.RunScheduledAsync(Caller.System("schedule"), "it-invite");
        var details = (await world.Service.GetAsync(Super, "it-invite")).GetValueOrThrow();
        var confirmed = (await world.Service.ConfirmHeldRunAsync(Super, "it-invite")).GetValueOrThrow();
        var after = (await world.Service.GetAsync(Super, "it-invite")).GetValueOrThrow();

        Assert.Equal(RefusalKind.HeldBySafetyCatch, held.Refusal!.Kind);
        Assert.Equal(SchedulingState.Paused, details.Summary.Scheduling);
        Assert.Equal(held.Refusal.RunId, details.HeldRun!.RunId);
        Assert.Equal(4, details.HeldRun.FirstMessagesEmailPush);
        Assert.Equal(4, confirmed.UserMessages);
        Assert.Equal((SchedulingState.On, (int?)4, (RunSummary?)null), (after.Summary.Scheduling, after.BaselineEmailPush, after.HeldRun));
    }

    [Fact]
    public async Task After_confirming_a_held_run_the_baseline_is_its_first_messages_so_a_similar_run_is_not_held_and_a_surge_is()
    {
        await using var world = await ApplicationWorld.CreateAsync();
        var first = (await world.Service.PrepareRunAsync(Super, "it-invite")).GetValueOrThrow();
        (await world.Service.StartRunAsync(Super, "it-invite", first.Confirmation)).GetValueOrThrow();
        (await world.Service.SetSchedulingAsync(Super, "it-invite", true)).GetValueOrThrow();   // baseline 0
        (await world.Service.ImportDirectoryAsync(Super, ApplicationWorld.Directory(8, 8))).GetValueOrThrow();
        // u5..u8 are new assignees: 4 first messages > 0 + margin 2: held; confirming sends those 4.
        Assert.Equal(RefusalKind.HeldBySafetyCatch, (await world.Service.RunScheduledAsync(Caller.System("schedule"), "it-invite")).Refusal!.Kind);
        (await world.Service.ConfirmHeldRunAsync(Super, "it-invite")).GetValueOrThrow();

        // The baseline is now the confirmed run's 4 first messages. Six new assignees (u9..u14):
        // 6 <= 4 + 2, so the scheduled run runs and sends them their invitation.
        (await world.Service.ImportDirectoryAsync(Super, ApplicationWorld.Directory(14, 14))).GetValueOrThrow();
        var similar = await world.Service.RunScheduledAsync(Caller.System("schedule"), "it-invite");
        // Seven more (u15..u21): 7 > 4 + 2, held again.
        (await world.Service.ImportDirectoryAsync(Super, ApplicationWorld.Directory(21, 21))).GetValueOrThrow();
        var surge = await world.Service.RunScheduledAsync(Caller.System("schedule"), "it-invite");
        var after = (await world.Service.GetAsync(Super, "it-invite")).GetValueOrThrow();

        Assert.True(similar.Succeeded, similar.Refusal?.ToString());
        Assert.Equal((6, 6), (similar.Value!.FirstMessagesEmailPush, similar.Value.UserMessages));
        Assert.Equal(RefusalKind.HeldBySafetyCatch, surge.Refusal!.Kind);
        Assert.Equal((SchedulingState.Paused, (int?)4, 7), (after.Summary.Scheduling, after.BaselineEmailPush, after.HeldRun!.FirstMessagesEmailPush));
    }

    [Fact]
    public async Task Confirming_when_nothing_is_held_is_a_conflict_not_an_exception()
    {
        await using var world = await ApplicationWorld.CreateAsync();

        var outcome = await world.Service.ConfirmHeldRunAsync(Super, "it-invite");

        Assert.Equal((RefusalKind.Conflict, "WFRUN003"), (outcome.Refusal!.Kind, outcome.Refusal.Code));
    }

    [Fact]
    public async Task A_workflow_with_errors_is_refused_with_the_problems()
    {
        await using var world = await ApplicationWorld.CreateAsync();
        // A directory without content C1 makes both workflows invalid (WFRUN010).
        (await world.Service.ImportDirectoryAsync(Super, new Runtime.DirectoryImport.DirectoryData())).GetValueOrThrow();
        await using var scope = world.Services.CreateAsyncScope();
        var database = world.Services.GetRequiredService<WorkflowDatabase>();
        await using (var db = database.CreateContext())
        {
            db.Contents.RemoveRange(db.Contents);
            db.Assignments.RemoveRange(db.Assignments);
            db.Completions.RemoveRange(db.Completions);
            await db.SaveChangesAsync();
        }
        var prepared = (await world.Service.PrepareRunAsync(Super, "it-invite")).GetValueOrThrow();

        var outcome = await world.Service.StartRunAsync(Super, "it-invite", prepared.Confirmation);

        Assert.Equal(RefusalKind.HasErrors, outcome.Refusal!.Kind);
        Assert.Contains(outcome.Refusal.Details, p => p.StartsWith("WFRUN010: content 'C1'", StringComparison.Ordinal));
        Assert.True((await world.Service.GetAsync(Super, "it-invite")).GetValueOrThrow().Summary.HasErrors);
    }

    [Fact]
    public async Task An_invalid_import_is_refused_with_every_problem_and_changes_nothing()
    {
        await using var world = await ApplicationWorld.CreateAsync();
        var data = ApplicationWorld.Directory(6, 6);
        data.Users[5].Id = " ";

        var outcome = await world.Service.ImportDirectoryAsync(Super, data);
        var missingFolder = await world.Service.ImportDirectoryCsvAsync(Super, Path.Combine(Path.GetTempPath(), "no-such-folder-" + Guid.NewGuid().ToString("N")));

        Assert.Equal(RefusalKind.InvalidInput, outcome.Refusal!.Kind);
        Assert.NotEmpty(outcome.Refusal.Details);
        Assert.Equal((RefusalKind.InvalidInput, "folder"), (missingFolder.Refusal!.Kind, missingFolder.Refusal.Field));
        Assert.Equal(3, (await world.Service.PreviewTargetGroupAsync(Super, "it-invite", new TargetGroupPreviewQuery())).GetValueOrThrow().Included);
    }

    [Fact]
    public async Task Results_and_the_list_show_completion_after_a_run()
    {
        await using var world = await ApplicationWorld.CreateAsync();
        var prepared = (await world.Service.PrepareRunAsync(Super, "hr-invite")).GetValueOrThrow();
        (await world.Service.StartRunAsync(Super, "hr-invite", prepared.Confirmation)).GetValueOrThrow();
        // u1 completes: 1 of the 4 targeted users.
        var data = ApplicationWorld.Directory(5, 4);
        data.Completions.Add(new Completion { UserId = "u1", ContentId = "C1", CompletedAt = ApplicationWorld.Start.UtcDateTime });
        (await world.Service.ImportDirectoryAsync(Super, data)).GetValueOrThrow();

        var results = (await world.Service.GetResultsAsync(Super, "hr-invite")).GetValueOrThrow();
        var row = (await world.Service.ListAsync(Super, new WorkflowListQuery(Search: "hr-invite"))).GetValueOrThrow().Items.Single();

        Assert.Equal((4, 1), (results.Workflow.TargetedUsers, results.Workflow.CompletedUsers));
        Assert.Equal(0.25, row.CompletedRate);
        Assert.Equal(3, row.Targets);
        Assert.Equal(4, results.Delivery.ByStep.Single(s => s.StepKey == "invite" && s.Channel == Channel.Email).Pending);
    }

    [Fact]
    public async Task Delivering_the_outbox_sends_what_runs_planned()
    {
        await using var world = await ApplicationWorld.CreateAsync();
        var prepared = (await world.Service.PrepareRunAsync(Super, "it-invite")).GetValueOrThrow();
        (await world.Service.StartRunAsync(Super, "it-invite", prepared.Confirmation)).GetValueOrThrow();

        var report = (await world.Service.DeliverOutboxAsync(Super)).GetValueOrThrow();
        var results = (await world.Service.GetResultsAsync(Super, "it-invite")).GetValueOrThrow();

        Assert.Equal(3, report.For(Channel.Email).Sent);
        Assert.Equal((3, 0), (results.Delivery.Total(Channel.Email).Delivered, results.Delivery.Total(Channel.Email).Pending));
    }
}

/// <summary>AddWorkflowDsl's options and catalogue.</summary>
public sealed class RegistrationTests
{
    [Theory]
    [InlineData("PostgreSql", null, "WorkflowDsl:Database:ConnectionString is required for PostgreSql")]
    [InlineData("Sqlite", "-1", "WorkflowDsl:PageSize -1 is out of range")]
    public async Task Invalid_options_stop_the_start_naming_the_setting(string provider, string? pageSize, string expected)
    {
        var settings = new Dictionary<string, string?> { ["WorkflowDsl:Database:Provider"] = provider, ["WorkflowDsl:Database:ConnectionString"] = provider == "Sqlite" ? Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".db") : null };
        if (pageSize is not null) settings["WorkflowDsl:PageSize"] = pageSize;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        await using var services = new ServiceCollection().AddWorkflowDsl(configuration, _ => { }).BuildServiceProvider();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => services.StartWorkflowDslAsync());

        Assert.Contains(expected, error.Message);
    }

    [Theory]
    [InlineData("WorkflowDsl:PageSzie", "2000", "WorkflowDsl:PageSzie is not a setting: did you mean WorkflowDsl:PageSize?")]
    [InlineData("WorkflowDsl:Database:Provdier", "Sqlite", "WorkflowDsl:Database:Provdier is not a setting: did you mean WorkflowDsl:Database:Provider?")]
    [InlineData("WorkflowDsl:Delivery:Email:Smtp:Hots", "127.0.0.1", "WorkflowDsl:Delivery:Email:Smtp:Hots is not a setting: did you mean WorkflowDsl:Delivery:Email:Smtp:Host?")]
    [InlineData("WorkflowDsl:Delivery:Dispatch:BatchSise", "10", "WorkflowDsl:Delivery:Dispatch:BatchSise is not a setting: did you mean WorkflowDsl:Delivery:Dispatch:BatchSize?")]
    [InlineData("WorkflowDsl:Delivry:Email:FromAddress", "a@example.com", "WorkflowDsl:Delivry is not a setting: did you mean WorkflowDsl:Delivery?")]
    [InlineData("WorkflowDsl:Colour", "blue", "WorkflowDsl:Colour is not a setting: the settings of WorkflowDsl are ConfirmationLifetime, Database, Delivery, PageSize, SafetyMarginEmailPush, SafetyMarginSms, Server, SigningKey.")]
    [InlineData("WorkflowDsl:PageSize:Max", "10", "WorkflowDsl:PageSize is a single value, not a section: remove WorkflowDsl:PageSize:Max and set WorkflowDsl:PageSize itself.")]
    public async Task A_misspelt_setting_stops_the_start_naming_the_key_and_the_closest_valid_one(string key, string value, string expected)
    {
        var settings = new Dictionary<string, string?>
        {
            ["WorkflowDsl:Database:ConnectionString"] = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".db"),
            [key] = value,
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        await using var services = new ServiceCollection().AddWorkflowDsl(configuration, _ => { }).BuildServiceProvider();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => services.StartWorkflowDslAsync());

        Assert.StartsWith(expected, Assert.Single(error.Failures));
    }

    [Fact]
    public async Task Every_setting_spelt_right_starts_and_the_server_section_is_left_to_the_server()
    {
        // One key of every level the application reads, each spelt as documented (any case), plus the
        // server's section, which only AddWorkflowDslServer reads and checks.
        string folder = Path.Combine(Path.GetTempPath(), "wfdsl-app-tests", Guid.NewGuid().ToString("N"));
        var settings = new Dictionary<string, string?>
        {
            ["WorkflowDsl:Database:ConnectionString"] = Path.Combine(folder, "workflows.db"),
            ["WorkflowDsl:database:migrateAtStart"] = "true",
            ["WorkflowDsl:PageSize"] = "100",
            ["WorkflowDsl:ConfirmationLifetime"] = "00:05:00",
            ["WorkflowDsl:Delivery:Email:FromAddress"] = "learning@example.com",
            ["WorkflowDsl:Delivery:Email:PickupFolder"] = Path.Combine(folder, "email"),
            ["WorkflowDsl:Delivery:Email:Smtp:Port"] = "2525",
            ["WorkflowDsl:Delivery:Sms:OutboxFile"] = Path.Combine(folder, "sms.jsonl"),
            ["WorkflowDsl:Delivery:Push:OutboxFile"] = Path.Combine(folder, "push.jsonl"),
            ["WorkflowDsl:Delivery:Dispatch:BatchSize"] = "50",
            ["WorkflowDsl:Server:AnythingTheServerReads"] = "x",
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        await using var services = new ServiceCollection().AddWorkflowDsl(configuration, _ => { }).BuildServiceProvider();

        await services.StartWorkflowDslAsync();

        Assert.Equal(100, services.GetRequiredService<IOptions<WorkflowDslOptions>>().Value.PageSize);
    }

    [Fact]
    public void Templates_add_to_the_built_in_ones_and_overriding_one_is_explicit()
    {
        var custom = Template.Language("en", c => c.Email("Hi", "<p>Hi</p>")).Build("custom");
        var invitation = Template.Language("en", c => c.Email("Our invitation", "<p>{{ content.title }}</p>")).Build(BuiltInTemplates.InvitationId);
        var builder = new WorkflowDslBuilder().AddTemplates([custom]);

        var clash = Assert.Throws<ArgumentException>(() => builder.AddTemplates([invitation]));
        var notBuiltIn = Assert.Throws<ArgumentException>(() => builder.OverrideTemplate(custom));
        builder.OverrideTemplate(invitation);
        var configuration = new ConfigurationBuilder().Build();
        using var services = new ServiceCollection().AddWorkflowDsl(configuration, dsl => dsl.AddTemplates([custom]).OverrideTemplate(invitation)).BuildServiceProvider();
        var catalog = services.GetRequiredService<Dispatch.Dispatching.WorkflowCatalog>();

        Assert.Contains("OverrideTemplate", clash.Message);
        Assert.Contains("not a built-in template", notBuiltIn.Message);
        Assert.Equal(BuiltInTemplates.All.Select(t => t.Id).Append("custom").Order(), catalog.Templates.Keys.Order());
        Assert.Same(invitation, catalog.Templates[BuiltInTemplates.InvitationId]);
    }

    [Fact]
    public void A_workflow_id_added_twice_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new WorkflowDslBuilder().AddWorkflows([ApplicationWorld.ItInvite(), ApplicationWorld.ItInvite()]));

        Assert.Contains("'it-invite' is added twice", error.Message);
    }
}

/// <summary>Stuck runs: a run whose process died leaves its lock; an administrator releases it, or the lease expires.</summary>
public sealed class StuckRunTests
{
    private static readonly Caller Super = ApplicationWorld.Super;

    /// <summary>What a process that died mid-run leaves behind: a run in progress holding the lock, last renewed now.</summary>
    private static async Task<Guid> LeaveAStuckRunAsync(ApplicationWorld world)
    {
        var runId = Guid.NewGuid();
        var now = world.Clock.GetUtcNow().UtcDateTime;
        await using var db = world.Services.GetRequiredService<WorkflowDatabase>().CreateContext();
        db.Workflows.Add(new WorkflowRecord { Id = "it-invite", Name = "IT invitation", Status = WorkflowStatus.Running, LockRunId = runId, LockedAt = now, UpdatedAt = now });
        db.Runs.Add(new RunRecord { Id = runId, WorkflowId = "it-invite", Trigger = RunTrigger.Manual, StartedBy = "crashed", StartedAt = now, Outcome = RunOutcome.InProgress });
        await db.SaveChangesAsync();
        return runId;
    }

    [Fact]
    public async Task An_administrator_releases_a_stuck_run_with_a_reason_and_the_next_run_goes_ahead()
    {
        await using var world = await ApplicationWorld.CreateAsync();
        var stuck = await LeaveAStuckRunAsync(world);
        var prepared = (await world.Service.PrepareRunAsync(Super, "it-invite")).GetValueOrThrow();

        var busy = await world.Service.StartRunAsync(Super, "it-invite", prepared.Confirmation);
        var noReason = await world.Service.ReleaseRunAsync(Super, "it-invite", " ");
        var released = await world.Service.ReleaseRunAsync(Super, "it-invite", "the server was killed during the run");
        var nothingLeft = await world.Service.ReleaseRunAsync(Super, "it-invite", "again");
        var next = await world.Service.StartRunAsync(Super, "it-invite", prepared.Confirmation);
        var runs = (await world.Service.GetRunsAsync(Super, "it-invite", default)).GetValueOrThrow();

        Assert.Equal((RefusalKind.Busy, (Guid?)stuck), (busy.Refusal!.Kind, busy.Refusal.RunId));
        Assert.Equal((RefusalKind.InvalidInput, "reason"), (noReason.Refusal!.Kind, noReason.Refusal.Field));
        Assert.Equal(stuck, released.GetValueOrThrow());
        Assert.Equal(RefusalKind.Conflict, nothingLeft.Refusal!.Kind);
        Assert.Equal(3, next.GetValueOrThrow().UserMessages);
        var interrupted = runs.Items.Single(r => r.RunId == stuck);
        Assert.Equal(RunOutcome.Interrupted, interrupted.Outcome);
        Assert.Contains("super released the run lock", interrupted.Notes);
        Assert.Contains("the server was killed during the run", interrupted.Notes);
    }

    [Fact]
    public async Task A_lock_whose_lease_expired_is_released_by_the_repair_and_not_before()
    {
        await using var world = await ApplicationWorld.CreateAsync();
        var stuck = await LeaveAStuckRunAsync(world);

        // The lease is 90 s by default: at 60 s it still holds.
        world.Clock.Advance(TimeSpan.FromSeconds(60));
        var early = (await world.Service.ReleaseExpiredRunsAsync(Super)).GetValueOrThrow();
        world.Clock.Advance(TimeSpan.FromSeconds(31));
        var expired = (await world.Service.ReleaseExpiredRunsAsync(Super)).GetValueOrThrow();
        var details = (await world.Service.GetAsync(Super, "it-invite")).GetValueOrThrow();
        var run = (await world.Service.GetRunsAsync(Super, "it-invite", default)).GetValueOrThrow().Items.Single();

        Assert.Empty(early);
        Assert.Equal(["it-invite"], expired);
        Assert.Equal(WorkflowStatus.Stopped, details.Summary.Status);
        Assert.Equal((stuck, RunOutcome.Interrupted), (run.RunId, run.Outcome));
        Assert.StartsWith("WFRUN007", run.Notes);
    }
}

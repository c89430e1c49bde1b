using WorkflowDsl.Plan;
using WorkflowDsl.Runtime.Runs;
using WorkflowDsl.Runtime.Storage;
using WorkflowDsl.Templates;
using static WorkflowDsl.Runtime.Tests.Infrastructure.Scenario;

namespace WorkflowDsl.Runtime.Tests;

/// <summary>Issue 12 item 6: templates added at run time (AddTemplates/OverrideTemplate, RunOptions.Templates) are
/// checked by run validation before anything is sent, each error with the template id, language, channel part and
/// line:column; a workflow with such an error has errors and neither a manual nor a scheduled run starts.
/// Expected line:column worked out by hand from the texts below (1-based, counting characters).</summary>
public abstract class TemplateCheckTests(StoreKind store)
{
    private static readonly string[] C1 = ["C1"];

    // en email subject: "{{ content.title | shout }}"  -> 'shout' starts at offset 19 -> 1:20
    // en email body:    "<p>Hi</p>\n{% include 'footer' %}" -> line 2 starts after the \n, the tag at column 1 -> 2:1
    // en push body:     "{% if due_date %}x" -> the unclosed if starts the text -> 1:1
    // en SMS text:      "Hi {{ user.frist_name }}" -> 'user.frist_name' at offset 6 -> 1:7
    private static readonly MessageTemplate Bad = Template.Language("en", c => c
        .Email("{{ content.title | shout }}", "<p>Hi</p>\n{% include 'footer' %}")
        .Push("Title", "{% if due_date %}x")
        .Sms("Hi {{ user.frist_name }}")).Build("bad");

    // Subject prints user (1:7 = offset 6); body loops over users ('users' at offset 12 -> 1:13).
    private static readonly MessageTemplate Nudge = Template.Language("en", c => c
        .Email("Hi {{ user.first_name }}", "<p>{% for u in users %}{{ u.name }}{% endfor %}</p>")).Build("nudge");

    private static RunOptions With(params MessageTemplate[] templates) =>
        new() { Templates = BuiltInTemplates.All.Concat(templates).ToDictionary(t => t.Id) };

    [Fact]
    public void Run_validation_reports_syntax_unknown_filter_include_and_unknown_variable_with_template_part_and_line_column()
    {
        var step = new MessageStep("invite", Recipient.User, Channel.Email | Channel.Push | Channel.Sms, "bad");

        var errors = RunValidator.TemplateErrors(Bad, step).ToList();

        Assert.Equal(
        [
            "WFRUN015: template 'bad' (en, email subject) line 1:20: Unknown filter 'shout': the filters are the standard Liquid ones (see docs/templates.md).",
            "WFRUN015: template 'bad' (en, email body) line 2:1: '{% include %}' reads another template file, which message templates may not do: write the text into this template instead.",
            "WFRUN015: template 'bad' (en, push body) line 1:1: '{% if %}' is not closed: add '{% endif %}'.",
            "WFRUN014: template 'bad' (en, SMS text) line 1:7: Placeholder 'user.frist_name': 'user' has no member 'frist_name'. Its members are: first_name, last_name, name, email, locale.",
        ], errors);
    }

    [Fact]
    public void Run_validation_reports_user_in_a_digest_and_users_in_a_user_message_naming_the_step()
    {
        var manager = RunValidator.TemplateErrors(Nudge, new MessageStep("remind-manager", Recipient.Manager, Channel.Email, "nudge")).ToList();
        var user = RunValidator.TemplateErrors(Nudge, new MessageStep("invite", Recipient.User, Channel.Email, "nudge")).ToList();

        Assert.Equal(["WFRUN014: template 'nudge' (en, email subject) line 1:7: Placeholder 'user.first_name': 'user' is not set in a digest to a manager or HR partner (one message about many users): use recipient.* for the manager or HR partner, and loop over the users with {% for u in users %}{{ u.first_name }}{% endfor %}. (step 'remind-manager' sends it to the manager)"], manager);
        // "<p>{% for u in users %}": '<p>' is columns 1-3, '{%' 4-5, 'for' 7-9, 'u' 11, 'in' 13-14, 'users' starts at 16.
        Assert.Equal(["WFRUN014: template 'nudge' (en, email body) line 1:16: Placeholder 'users': 'users' (the digest's list) is set only in a digest to a manager or HR partner, and this text is sent to the user: use user.* here, or use the template for RemindManager/NotifyHrPartner only. (step 'invite' sends it to the user)"], user);
    }

    [Fact]
    public void A_built_in_user_template_sent_to_a_manager_is_an_error_at_run_validation()
    {
        var reminder = BuiltInTemplates.All.Single(t => t.Id == "reminder");

        var errors = RunValidator.TemplateErrors(reminder, new MessageStep("remind-manager", Recipient.Manager, Channel.Email, "reminder")).ToList();

        // Every text of both languages prints user.first_name: en and fi, subject or body, push, SMS.
        Assert.NotEmpty(errors);
        Assert.All(errors, e => Assert.StartsWith("WFRUN014: template 'reminder' (", e));
        Assert.Contains(errors, e => e.StartsWith("WFRUN014: template 'reminder' (en, SMS text) line 1:", StringComparison.Ordinal) && e.Contains("'user' is not set in a digest"));
    }

    [Fact]
    public void The_built_in_templates_have_no_template_errors_for_the_steps_that_use_them()
    {
        var plan = Workflow.InvitationWithReminders("X", TimeSpan.FromDays(7), Channel.Email | Channel.Push | Channel.Sms).ForContents("C1").Build("x");

        Assert.Empty(RunValidator.TemplateErrors(plan, BuiltInTemplates.All.ToDictionary(t => t.Id)));
    }

    [StoreFact]
    public async Task A_workflow_whose_run_time_template_has_errors_has_errors_and_neither_manual_nor_scheduled_runs_start()
    {
        var s = await NewAsync();
        await s.ImportUsersAsync(C1, User("boss"), User("u1", manager: "boss"));
        var engine = s.EngineWith(With(Bad, Nudge));
        var plan = Workflow.Named("X").ForContents("C1").Invite(Channel.Sms, template: "bad").Schedule("0 8 * * *", "Europe/Helsinki").Build("x");

        var manual = await engine.RunNowAsync(plan, "test");
        await engine.SetSchedulingAsync(plan, on: true);
        var scheduled = await engine.RunScheduledAsync(plan);

        foreach (var report in new[] { manual, scheduled })
        {
            Assert.Equal(RunOutcome.RefusedErrors, report.Outcome);
            Assert.Contains("WFRUN014: template 'bad' (en, SMS text) line 1:7: Placeholder 'user.frist_name': 'user' has no member 'frist_name'. Its members are: first_name, last_name, name, email, locale.", report.Errors);
            Assert.Contains("WFRUN015: template 'bad' (en, email subject) line 1:20: Unknown filter 'shout': the filters are the standard Liquid ones (see docs/templates.md).", report.Errors);
        }
        Assert.True((await s.RecordAsync("x")).HasErrors);
        Assert.Empty(await s.OutboxAsync());
    }

    private Task<Scenario> NewAsync() => Scenario.CreateAsync(store);
}

public sealed class TemplateCheckOnSqlite() : TemplateCheckTests(StoreKind.Sqlite);

public sealed class TemplateCheckOnPostgres() : TemplateCheckTests(StoreKind.PostgreSql), IPostgresTests;

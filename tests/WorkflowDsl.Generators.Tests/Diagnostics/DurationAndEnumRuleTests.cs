using WorkflowDsl.Generators.Tests.Infrastructure;
using WorkflowDsl.Plan;
using static WorkflowDsl.Generators.Tests.Infrastructure.AnalyzerTestSetup;
using static WorkflowDsl.Generators.Tests.Infrastructure.WorkflowSources;

namespace WorkflowDsl.Generators.Tests.Diagnostics;

/// <summary>Issue 12 items 10 and 11: fractional durations are constants whose smallest unit is one
/// minute (WFDSL023 for anything finer), and recipient or channel values their enum does not define are
/// errors (WFDSL024), at compile time and in the run-time builder alike. Expected minutes are worked out
/// by hand: 1.5 days = 1.5 x 1440 = 2160 minutes; 2.3 days = 3312 minutes; 0.7 hours = 42 minutes;
/// 0.5 weeks = 3.5 x 1440 = 5040 minutes; 0.01 days = 14.4 minutes.</summary>
public class DurationAndEnumRuleTests
{
    private const long TicksPerMinute = 600_000_000;

    private static string Chain(string wait) =>
        $"""Workflow.Named("X").ForContents("C").Invite(Channel.Email).Wait({wait}).Remind(Channel.Email)""";

    // ---------------------------------------------------------------- item 10: fractional durations

    [Theory]
    [InlineData("1.5.Days()", 2160, "wait-36h")]
    [InlineData("TimeSpan.FromDays(1.5)", 2160, "wait-36h")]
    [InlineData("Durations.Days(1.5)", 2160, "wait-36h")]
    [InlineData("TimeSpan.FromDays(2.3)", 3312, "wait-3312m")]
    [InlineData("TimeSpan.FromHours(0.7)", 42, "wait-42m")]
    [InlineData("0.5.Weeks()", 5040, "wait-84h")]
    [InlineData("1.5.Minutes() + TimeSpan.Zero", -1, "")]
    public void Fractional_durations_are_constants_in_whole_minutes_in_the_generated_plan(string duration, long minutes, string key)
    {
        if (minutes < 0)
        {
            // A computed duration is still not a constant (WFDSL012), fraction or not.
            var result = Assert.Single(ParserHarness.ParseWorkflowResults(Workflow(Chain(duration))));
            Assert.Contains(result.Diagnostics, d => d.Id == "WFDSL012");
            return;
        }
        var model = Assert.Single(ParserHarness.ParseWorkflows(Workflow(Chain(duration))));

        Assert.Equal((1, key, minutes * TicksPerMinute), (model.Steps[1].Kind, model.Steps[1].Key, model.Steps[1].DurationTicks));
    }

    [Fact]
    public void Fractional_durations_in_the_run_time_builder_agree_with_the_generated_plan()
    {
        var plan = WorkflowDsl.Workflow.Named("X").ForContents("C").Invite(Channel.Email)
            .Wait(1.5.Days()).Remind(Channel.Email)
            .Wait(TimeSpan.FromDays(2.3)).Remind(Channel.Sms)
            .WaitAndRepeat(TimeSpan.FromHours(0.7), times: 2).Build("x");

        Assert.Equal(TimeSpan.FromMinutes(2160), ((DelayStep)plan.Steps[1]).Duration);
        Assert.Equal(TimeSpan.FromMinutes(3312), ((DelayStep)plan.Steps[3]).Duration);
        Assert.Equal(TimeSpan.FromMinutes(42), ((DelayAndRepeatStep)plan.Steps[5]).Duration);
        Assert.Equal(["invite", "wait-36h", "remind", "wait-3312m", "remind-2", "repeat-42m-x2"], plan.Steps.Select(s => s.Key));
    }

    [Fact]
    public Task WFDSL023_delay_finer_than_a_minute_is_reported_at_the_duration() =>
        VerifyAnalyzerAsync(Workflow(Chain("{|WFDSL023:TimeSpan.FromDays(0.01)|}")));

    [Fact]
    public Task WFDSL023_fractional_minutes_are_reported_at_the_WaitAndRepeat_duration() =>
        VerifyAnalyzerAsync(Workflow("""Workflow.Named("X").ForContents("C").Invite(Channel.Email).WaitAndRepeat({|WFDSL023:90.5.Minutes()|}, 2).Remind(Channel.Email)"""));

    [Fact]
    public Task WFDSL023_seed_template_delay_is_reported_at_the_seed_argument() =>
        VerifyAnalyzerAsync(Workflow("""Workflow.InvitationWithReminder("X", {|WFDSL023:0.5.Minutes()|}, Channel.Email).ForContents("C")"""));

    [Fact]
    public Task WFDSL023_fractions_that_come_to_whole_minutes_are_silent() =>
        VerifyAnalyzerAsync(Workflow("""Workflow.Named("X").ForContents("C").Invite(Channel.Email).Wait(1.5.Days()).Remind(Channel.Email).Wait(TimeSpan.FromHours(0.25)).Remind(Channel.Sms, key: "sms-reminder").Wait(TimeSpan.FromDays(2.3)).Remind(Channel.Push, key: "push-reminder")"""));

    [Fact]
    public void WFDSL023_message_names_the_value_in_minutes_and_the_smallest_unit()
    {
        var result = Assert.Single(ParserHarness.ParseWorkflowResults(Workflow(Chain("TimeSpan.FromDays(0.01)"))));

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("WFDSL023", diagnostic.Id);
        Assert.Equal("Step 2 (wait) waits 00:14:24 (14.4 minutes), which is not a whole number of minutes: the smallest unit of a delay is one minute, so round it, for example to 14.Minutes().",
            Assert.Single(diagnostic.MessageArgs));
    }

    [Fact]
    public void WFDSL023_run_time_builder_refuses_a_delay_finer_than_a_minute()
    {
        var definition = WorkflowDsl.Workflow.Named("X").ForContents("C").Invite(Channel.Email).Wait(TimeSpan.FromSeconds(90)).Remind(Channel.Email);

        var error = Assert.Throws<WorkflowDefinitionException>(() => definition.Build("x"));

        Assert.Equal(["WFDSL023: Step 2 (wait) waits 00:01:30 (1.5 minutes), which is not a whole number of minutes: the smallest unit of a delay is one minute, so round it, for example to 2.Minutes()."],
            error.Problems);
    }

    // ---------------------------------------------------------------- item 11: undefined enum values

    [Fact]
    public Task WFDSL024_undefined_recipient_is_an_error_at_the_recipient() =>
        VerifyAnalyzerAsync(Workflow("""Workflow.Named("X").ForContents("C").Message({|WFDSL024:(Recipient)7|}, Channel.Email, "reminder")"""));

    [Fact]
    public Task WFDSL024_undefined_channel_bit_is_an_error_at_the_channels() =>
        VerifyAnalyzerAsync(Workflow("""Workflow.Named("X").ForContents("C").Invite({|WFDSL024:(Channel)64|})"""));

    [Fact]
    public Task WFDSL024_defined_channel_with_an_undefined_bit_is_an_error_at_the_channels() =>
        VerifyAnalyzerAsync(Workflow("""Workflow.Named("X").ForContents("C").Invite({|WFDSL024:Channel.Email | (Channel)8|})"""));

    [Fact]
    public Task WFDSL024_seed_template_channels_are_reported_at_the_seed_argument() =>
        VerifyAnalyzerAsync(Workflow("""Workflow.Invitation("X", {|WFDSL024:(Channel)64|}).ForContents("C")"""));

    [Fact]
    public void WFDSL024_messages_name_the_value_and_the_members_to_use()
    {
        var result = Assert.Single(ParserHarness.ParseWorkflowResults(Workflow("""Workflow.Named("X").ForContents("C").Message((Recipient)7, (Channel)65, "reminder")""")));

        Assert.Null(result.Model);
        Assert.Equal(
        [
            "WFDSL024: Step 1 (message) sends to (Recipient)7, which Recipient does not define: use Recipient.User, Recipient.Manager or Recipient.HrPartner.",
            "WFDSL024: Step 1 (message) has channels (Channel)65, which sets bits that Channel does not define (64): use Channel.Email, Channel.Push, Channel.Sms or a combination such as Channel.Email | Channel.Push.",
        ], result.Diagnostics.Select(d => d.Id + ": " + d.MessageArgs[0]));
    }

    [Fact]
    public void WFDSL024_run_time_builder_refuses_undefined_recipient_and_channel_bits()
    {
        var recipient = WorkflowDsl.Workflow.Named("X").ForContents("C").Message((Recipient)7, Channel.Email, "reminder");
        var channels = WorkflowDsl.Workflow.Named("X").ForContents("C").Invite((Channel)64);

        Assert.Equal(["WFDSL024: Step 1 (message) sends to (Recipient)7, which Recipient does not define: use Recipient.User, Recipient.Manager or Recipient.HrPartner."],
            Assert.Throws<WorkflowDefinitionException>(() => recipient.Build("x")).Problems);
        Assert.Equal(["WFDSL024: Step 1 (invite) has channels (Channel)64, which sets bits that Channel does not define (64): use Channel.Email, Channel.Push, Channel.Sms or a combination such as Channel.Email | Channel.Push."],
            Assert.Throws<WorkflowDefinitionException>(() => channels.Build("x")).Problems);
    }
}

using WorkflowDsl.Generators.Tests.Infrastructure;
using static WorkflowDsl.Generators.Tests.Infrastructure.AnalyzerTestSetup;
using static WorkflowDsl.Generators.Tests.Infrastructure.WorkflowSources;

namespace WorkflowDsl.Generators.Tests.Diagnostics;

/// <summary>The definition rules (DefinitionRules) reported at the argument or step that breaks them.</summary>
public class StepRuleTests
{
    [Fact]
    public Task A_valid_workflow_reports_nothing() =>
        VerifyAnalyzerAsync(Workflow(ValidChain));

    [Fact]
    public Task WFDSL001_blank_content_id_is_reported_at_that_argument() =>
        VerifyAnalyzerAsync(Workflow("""Workflow.Named("X").ForContents("ONB-1", {|WFDSL001:" "|}).Invite(Channel.Email)"""));

    [Fact]
    public Task WFDSL001_missing_ForContents_is_reported_at_the_start_of_the_chain() =>
        VerifyAnalyzerAsync(Workflow("""Workflow.{|WFDSL001:Named("X")|}.Invite(Channel.Email)"""));

    [Fact]
    public Task WFDSL001_ForContents_without_arguments_is_reported_at_its_name() =>
        VerifyAnalyzerAsync(Workflow("""Workflow.Named("X").{|WFDSL001:ForContents|}().Invite(Channel.Email)"""));

    [Fact]
    public Task WFDSL001_several_content_ids_are_silent() =>
        VerifyAnalyzerAsync(Workflow("""Workflow.Named("X").ForContents("SEC-101", "SEC-102").Invite(Channel.Email)"""));

    [Fact]
    public Task WFDSL002_workflow_without_message_step_is_reported_at_the_start_of_the_chain() =>
        VerifyAnalyzerAsync(Workflow("""Workflow.{|WFDSL002:Named("X")|}.ForContents("C")"""));

    [Fact]
    public Task WFDSL002_seed_template_counts_as_message_step() =>
        VerifyAnalyzerAsync(Workflow("""Workflow.Invitation("X", Channel.Email).ForContents("C")"""));

    [Fact]
    public Task WFDSL003_zero_delay_is_reported_at_the_duration() =>
        VerifyAnalyzerAsync(Workflow("""Workflow.Named("X").ForContents("C").Invite(Channel.Email).Wait({|WFDSL003:0.Days()|}).Remind(Channel.Email)"""));

    [Fact]
    public Task WFDSL003_negative_seed_delay_is_reported_at_the_seed_argument() =>
        VerifyAnalyzerAsync(Workflow("""Workflow.InvitationWithReminder("X", {|WFDSL003:TimeSpan.FromHours(-2)|}, Channel.Email).ForContents("C")"""));

    [Fact]
    public Task WFDSL003_positive_delay_in_any_supported_unit_is_silent() =>
        VerifyAnalyzerAsync(Workflow("""Workflow.Named("X").ForContents("C").Invite(Channel.Email).Wait(90.Minutes()).Remind(Channel.Email).Wait(Durations.Weeks(1)).Remind(Channel.Push, key: "push-reminder").Wait(TimeSpan.FromDays(2)).Remind(Channel.Sms, key: "sms-reminder")"""));

    [Fact]
    public Task WFDSL004_repeat_count_above_ten_is_reported_at_times() =>
        VerifyAnalyzerAsync(Workflow("""Workflow.Named("X").ForContents("C").Invite(Channel.Email).WaitAndRepeat(7.Days(), times: {|WFDSL004:11|}).Remind(Channel.Email)"""));

    [Fact]
    public Task WFDSL004_repeat_counts_one_and_ten_are_silent() =>
        VerifyAnalyzerAsync(Workflow("""Workflow.Named("X").ForContents("C").Invite(Channel.Email).WaitAndRepeat(7.Days(), 1).Remind(Channel.Email).WaitAndRepeat(7.Days(), times: 10).Remind(Channel.Email, key: "last-reminder")"""));

    [Fact]
    public Task WFDSL005_repeat_before_any_message_is_reported_at_the_step() =>
        VerifyAnalyzerAsync(Workflow("""Workflow.Named("X").ForContents("C").{|WFDSL005:WaitAndRepeat(7.Days(), times: 2)|}.Invite(Channel.Email)"""));

    [Fact]
    public Task WFDSL005_repeat_after_a_message_and_a_delay_is_silent() =>
        VerifyAnalyzerAsync(Workflow("""Workflow.Named("X").ForContents("C").Invite(Channel.Email).Wait(1.Days()).WaitAndRepeat(7.Days(), times: 2).Remind(Channel.Email)"""));

    [Fact]
    public Task WFDSL006_message_without_channel_is_reported_at_channels() =>
        VerifyAnalyzerAsync(Workflow("""Workflow.Named("X").ForContents("C").Invite({|WFDSL006:Channel.None|})"""));

    [Fact]
    public Task WFDSL006_seed_template_without_channel_is_reported_at_its_channels_argument() =>
        VerifyAnalyzerAsync(Workflow("""Workflow.InvitationWithReminder("X", 7.Days(), {|WFDSL006:Channel.None|}).ForContents("C")"""));

    [Fact]
    public Task WFDSL006_combined_channels_are_silent() =>
        VerifyAnalyzerAsync(Workflow("""Workflow.Named("X").ForContents("C").Invite(Channel.Email | Channel.Push | Channel.Sms)"""));

    [Fact]
    public Task WFDSL007_trailing_delay_is_reported_at_the_Wait_call() =>
        VerifyAnalyzerAsync(Workflow("""Workflow.Named("X").ForContents("C").Invite(Channel.Email).{|WFDSL007:Wait(3.Days())|}"""));

    [Fact]
    public Task WFDSL007_delay_followed_by_a_message_is_silent() =>
        VerifyAnalyzerAsync(Workflow("""Workflow.Named("X").ForContents("C").Invite(Channel.Email).Wait(3.Days()).Remind(Channel.Email)"""));

    [Fact]
    public Task WFDSL007_can_be_silenced_with_pragma() =>
        VerifyAnalyzerAsync("#pragma warning disable WFDSL007\n" + Workflow("""Workflow.Named("X").ForContents("C").Invite(Channel.Email).Wait(3.Days())"""));

    [Fact]
    public Task WFDSL008_consecutive_delays_are_reported_at_the_second() =>
        VerifyAnalyzerAsync(Workflow("""Workflow.Named("X").ForContents("C").Invite(Channel.Email).Wait(7.Days()).{|WFDSL008:Wait(3.Days())|}.Remind(Channel.Email)"""));

    [Fact]
    public Task WFDSL008_delays_separated_by_a_message_are_silent() =>
        VerifyAnalyzerAsync(Workflow("""Workflow.Named("X").ForContents("C").Invite(Channel.Email).Wait(7.Days()).Remind(Channel.Email).Wait(3.Days()).Remind(Channel.Sms, key: "sms-reminder")"""));

    [Fact]
    public Task WFDSL011_explicit_key_equal_to_a_derived_key_is_reported_at_the_key() =>
        VerifyAnalyzerAsync(Workflow("""Workflow.Named("X").ForContents("C").Invite(Channel.Email).Remind(Channel.Email, key: {|WFDSL011:"invite"|})"""));

    [Fact]
    public Task WFDSL011_key_that_is_not_kebab_case_is_reported_at_the_key() =>
        VerifyAnalyzerAsync(Workflow("""Workflow.Named("X").ForContents("C").Invite(Channel.Email, key: {|WFDSL011:"First Invite"|})"""));

    [Fact]
    public Task WFDSL011_RemoveStep_with_an_unknown_key_is_reported_at_the_key() =>
        VerifyAnalyzerAsync(Workflow("""Workflow.InvitationWithReminder("X", 7.Days(), Channel.Email).ForContents("C").RemoveStep({|WFDSL011:"remind-manager"|})"""));

    [Fact]
    public Task WFDSL011_repeated_steps_get_distinct_derived_keys_and_RemoveStep_finds_them() =>
        VerifyAnalyzerAsync(Workflow("""Workflow.InvitationWithReminders("X", 7.Days(), Channel.Email).ForContents("C").Remind(Channel.Email).RemoveStep("remind-2").RemoveStep("remind-manager")"""));
}

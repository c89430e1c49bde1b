using WorkflowDsl.Plan;
using WorkflowDsl.Rules;

namespace WorkflowDsl.Tests;

public class DefinitionRulesTests
{
    private static WorkflowDefinition Valid() => Workflow.Named("X").ForContents("C1");

    private static IReadOnlyList<string> Ids(WorkflowDefinition definition, string id = "x") =>
        definition.Validate(id).Select(v => v.RuleId).ToList();

    [Fact]
    public void Seed_template_with_reminders_has_invite_wait_remind_and_manager_digest()
    {
        var plan = Workflow.InvitationWithReminders("X", 30.Days(), Channel.Email).ForContents("C1").Build("x");
        Assert.Equal(["invite", "wait-30d", "remind", "remind-manager"], plan.Steps.Select(s => s.Key));
        Assert.Equal(new MessageStep("remind-manager", Recipient.Manager, Channel.Email, "manager-notification"), plan.Steps[3]);
    }

    [Fact]
    public void Seed_invitation_template_is_one_message()
    {
        var plan = Workflow.Invitation("X", Channel.Sms).ForContents("C1").Build("x");
        Assert.Equal([new MessageStep("invite", Recipient.User, Channel.Sms, "invitation")], plan.Steps);
    }

    [Fact]
    public void Seed_invitation_with_reminder_is_invite_wait_remind()
    {
        var plan = Workflow.InvitationWithReminder("X", 2.Weeks(), Channel.Push).ForContents("C1").Build("x");
        Assert.Equal(["invite", "wait-14d", "remind"], plan.Steps.Select(s => s.Key));
        Assert.Equal(TimeSpan.FromDays(14), ((DelayStep)plan.Steps[1]).Duration);
    }

    [Fact]
    public void A_workflow_without_contents_is_refused()
    {
        Assert.Contains(RuleIds.NoContents, Ids(Workflow.Named("X").Invite(Channel.Email)));
        Assert.Contains(RuleIds.NoContents, Ids(Valid().ForContents("C1", " ").Invite(Channel.Email)));
    }

    [Fact]
    public void A_workflow_without_a_message_step_is_refused() =>
        Assert.Equal([RuleIds.NoMessageStep], Ids(Valid()));

    [Fact]
    public void A_delay_must_be_positive() =>
        Assert.Contains(RuleIds.DelayNotPositive, Ids(Valid().Invite(Channel.Email).Wait(TimeSpan.Zero).Remind(Channel.Email)));

    [Theory]
    [InlineData(0, true)]
    [InlineData(1, false)]
    [InlineData(10, false)]
    [InlineData(11, true)]
    public void A_repeat_count_must_be_between_1_and_10(int times, bool refused) =>
        Assert.Equal(refused, Ids(Valid().Invite(Channel.Email).WaitAndRepeat(7.Days(), times)).Contains(RuleIds.RepeatCountOutOfRange));

    [Fact]
    public void Repeat_needs_an_earlier_message()
    {
        Assert.Contains(RuleIds.RepeatWithoutMessage, Ids(Valid().WaitAndRepeat(7.Days(), 2).Invite(Channel.Email)));
        Assert.DoesNotContain(RuleIds.RepeatWithoutMessage, Ids(Valid().Invite(Channel.Email).Wait(1.Days()).WaitAndRepeat(7.Days(), 2)));
    }

    [Fact]
    public void A_message_needs_a_channel() =>
        Assert.Contains(RuleIds.MessageWithoutChannel, Ids(Valid().Invite(Channel.None)));

    [Fact]
    public void A_trailing_delay_is_a_warning_and_does_not_stop_the_build()
    {
        var definition = Valid().Invite(Channel.Email).Wait(3.Days());
        var violation = Assert.Single(definition.Validate("x"));
        Assert.Equal(RuleIds.TrailingDelay, violation.RuleId);
        Assert.False(violation.IsError);
        Assert.Equal(2, definition.Build("x").Steps.Count);
    }

    [Fact]
    public void Unkeyed_steps_sharing_a_derived_base_are_a_warning_with_their_keys_and_Build_does_not_throw()
    {
        var definition = Valid().Invite(Channel.Email).Wait(7.Days()).Remind(Channel.Email).Wait(3.Days()).Remind(Channel.Sms);
        var violations = definition.Validate("x");
        Assert.All(violations, v => Assert.Equal(RuleIds.DerivedKeysCollide, v.RuleId));
        Assert.All(violations, v => Assert.False(v.IsError));
        Assert.Equal([2, 4], violations.Select(v => v.StepIndex));
        Assert.Equal(["remind", "remind-2"], violations.Select(v => v.SuggestedKey));
        Assert.Equal("Step 5 (remind) has the derived key 'remind-2', which moves if steps of its kind are reordered or one is inserted before it: give it an explicit key, e.g. key: \"remind-2\".", violations[1].Message);
        Assert.Equal(["invite", "wait-7d", "remind", "wait-3d", "remind-2"], definition.Build("x").Steps.Select(s => s.Key));
    }

    [Fact]
    public void A_derived_key_suffixed_only_by_an_explicit_key_and_explicitly_keyed_steps_are_not_a_warning()
    {
        Assert.Empty(Valid().Invite(Channel.Email).Wait(7.Days()).Remind(Channel.Email, key: "remind").Wait(3.Days()).Remind(Channel.Sms).Validate("x"));
        Assert.Empty(Valid().Invite(Channel.Email).Wait(7.Days(), key: "a").Remind(Channel.Email, key: "b").Wait(7.Days(), key: "c").Remind(Channel.Sms, key: "d").Validate("x"));
    }

    [Fact]
    public void A_trailing_wait_and_repeat_is_not_a_trailing_delay() =>
        Assert.Empty(Valid().Invite(Channel.Email).WaitAndRepeat(7.Days(), 2).Validate("x"));

    [Fact]
    public void Consecutive_delays_are_a_warning_on_the_second()
    {
        var violation = Assert.Single(Valid().Invite(Channel.Email).Wait(3.Days()).Wait(4.Days()).Remind(Channel.Email).Validate("x"));
        Assert.Equal(RuleIds.ConsecutiveDelays, violation.RuleId);
        Assert.Equal(2, violation.StepIndex);
    }

    [Theory]
    [InlineData("security-awareness", true)]
    [InlineData("a1-b2", true)]
    [InlineData("Security", false)]
    [InlineData("-x", false)]
    [InlineData("x-", false)]
    [InlineData("x--y", false)]
    [InlineData("1x", false)]
    [InlineData("", false)]
    public void Workflow_ids_are_kebab_case(string id, bool valid) =>
        Assert.Equal(valid, !Ids(Valid().Invite(Channel.Email), id).Contains(RuleIds.InvalidWorkflowId));

    [Fact]
    public void Duplicate_explicit_step_keys_are_refused()
    {
        var violation = Assert.Single(Valid().Invite(Channel.Email, key: "a").Remind(Channel.Email, key: "a").Validate("x"));
        Assert.Equal(RuleIds.DuplicateStepKey, violation.RuleId);
        Assert.Equal(1, violation.StepIndex);
        Assert.Equal("key", violation.Argument);
    }

    [Fact]
    public void Derived_keys_number_repeated_verbs_and_survive_inserting_other_kinds()
    {
        var before = Valid().Invite(Channel.Email).Wait(7.Days()).Remind(Channel.Email).Wait(7.Days()).Remind(Channel.Sms).Build("x");
        Assert.Equal(["invite", "wait-7d", "remind", "wait-7d-2", "remind-2"], before.Steps.Select(s => s.Key));
        var after = Valid().Invite(Channel.Email).Wait(7.Days()).Remind(Channel.Email).RemindManager(Channel.Email).Wait(7.Days()).Remind(Channel.Sms).Build("x");
        Assert.Equal(["invite", "wait-7d", "remind", "remind-manager", "wait-7d-2", "remind-2"], after.Steps.Select(s => s.Key));
    }

    [Fact]
    public void Generic_messages_derive_keys_from_recipient_and_template()
    {
        var plan = Valid().Message(Recipient.HrPartner, Channel.Email, "final-warning").Build("x");
        Assert.Equal("message-hr-partner-final-warning", plan.Steps[0].Key);
    }

    [Fact]
    public void Removing_a_seed_step_keeps_the_other_keys()
    {
        var plan = Workflow.InvitationWithReminders("X", 7.Days(), Channel.Email).ForContents("C1")
            .RemoveStep("remind-manager").Remind(Channel.Sms).Build("x");
        Assert.Equal(["invite", "wait-7d", "remind", "remind-2"], plan.Steps.Select(s => s.Key));
    }

    [Fact]
    public void A_step_replacing_a_removed_one_takes_its_key_and_counts_as_already_sent()
    {
        // Swapping the seed's email reminder for an SMS one keeps the key "remind": users who had
        // the email reminder are not reminded again. An explicit key makes it a new step instead.
        var plan = Workflow.InvitationWithReminder("X", 7.Days(), Channel.Email).ForContents("C1")
            .RemoveStep("remind").Remind(Channel.Sms).Build("x");
        Assert.Equal(["invite", "wait-7d", "remind"], plan.Steps.Select(s => s.Key));
    }

    [Fact]
    public void Removing_an_unknown_step_names_the_known_keys()
    {
        var error = Assert.Throws<ArgumentException>(() => Workflow.Invitation("X", Channel.Email).RemoveStep("nope"));
        Assert.Contains("'nope'", error.Message);
        Assert.Contains("invite", error.Message);
    }

    [Fact]
    public void Build_throws_every_error_with_its_rule_id_and_value()
    {
        var error = Assert.Throws<WorkflowDefinitionException>(() =>
            Workflow.Named("X").Invite(Channel.None).WaitAndRepeat(-1.Days(), 12).Build("Bad Id"));
        Assert.Equal("Bad Id", error.DefinitionId);
        Assert.Contains(error.Problems, p => p.StartsWith(RuleIds.InvalidWorkflowId) && p.Contains("'Bad Id'"));
        Assert.Contains(error.Problems, p => p.StartsWith(RuleIds.NoContents));
        Assert.Contains(error.Problems, p => p.StartsWith(RuleIds.MessageWithoutChannel));
        Assert.Contains(error.Problems, p => p.StartsWith(RuleIds.DelayNotPositive) && p.Contains("-1 day"));
        Assert.Contains(error.Problems, p => p.StartsWith(RuleIds.RepeatCountOutOfRange) && p.Contains("12"));
    }

    [Fact]
    public void A_schedule_needs_a_valid_cron_and_an_iana_time_zone()
    {
        Assert.Empty(Valid().Invite(Channel.Email).Schedule("0 8 * * MON-FRI", "Europe/Helsinki").Validate("x"));
        Assert.Equal([RuleIds.InvalidCron], Ids(Valid().Invite(Channel.Email).Schedule("0 25 * * *", "UTC")));
        Assert.Equal([RuleIds.UnknownTimeZone], Ids(Valid().Invite(Channel.Email).Schedule("@daily", "Europe/Helsingfors")));
    }

    [Fact]
    public void Plans_built_twice_are_equal_including_filters()
    {
        WorkflowPlan Build() => Valid().TargetGroup(t => t.Where(u => u.Country == "FI").InCountry("SE")).Invite(Channel.Email).Build("x");
        Assert.Equal(Build(), Build());
        Assert.Equal(Build().GetHashCode(), Build().GetHashCode());
    }

    [Fact]
    public void Plans_with_different_filters_differ()
    {
        var fi = Valid().TargetGroup(t => t.InCountry("FI")).Invite(Channel.Email).Build("x");
        var se = Valid().TargetGroup(t => t.InCountry("SE")).Invite(Channel.Email).Build("x");
        Assert.NotEqual(fi, se);
    }

    [Fact]
    public void Mermaid_diagram_shows_every_step_and_the_repeat_loop()
    {
        var text = Valid().Invite(Channel.Email).WaitAndRepeat(7.Days(), 2).Build("x").ToMermaid();
        Assert.StartsWith("flowchart TD\n", text);
        Assert.Contains("s1[\"User: invitation<br/>Email<br/><small>invite</small>\"]", text);
        Assert.Contains("Wait 1 week, repeat 2 times", text);
        Assert.Contains("s2 -. \"repeat\" .-> s1", text);
    }
}

using WorkflowDsl.CodeFixes;
using static WorkflowDsl.Generators.Tests.Infrastructure.AnalyzerTestSetup;
using static WorkflowDsl.Generators.Tests.Infrastructure.WorkflowSources;

namespace WorkflowDsl.Generators.Tests.CodeFixes;

/// <summary>Each fix turns the diagnostic's code into code the analyzer accepts.</summary>
public class CodeFixTests
{
    [Fact]
    public Task WFDSL007_fix_removes_the_trailing_Wait_call() =>
        VerifyCodeFixAsync<RemoveTrailingDelayCodeFix>(
            Workflow("""
                Workflow.Named("X").ForContents("C")
                            .Invite(Channel.Email)
                            .{|WFDSL007:Wait(3.Days())|}
                """),
            Workflow("""
                Workflow.Named("X").ForContents("C")
                            .Invite(Channel.Email)
                """));

    [Fact]
    public Task WFDSL007_fix_is_not_offered_for_a_delay_added_by_a_seed_template() =>
        VerifyCodeFixAsync<RemoveTrailingDelayCodeFix>(
            Workflow("""Workflow.{|WFDSL007:InvitationWithReminder("X", 7.Days(), Channel.Email)|}.ForContents("C").RemoveStep("remind")"""),
            Workflow("""Workflow.{|WFDSL007:InvitationWithReminder("X", 7.Days(), Channel.Email)|}.ForContents("C").RemoveStep("remind")"""));

    [Fact]
    public Task WFDSL004_fix_clamps_a_count_above_ten_to_ten() =>
        VerifyCodeFixAsync<ClampRepeatCountCodeFix>(
            Workflow("""Workflow.Named("X").ForContents("C").Invite(Channel.Email).WaitAndRepeat(7.Days(), times: {|WFDSL004:25|}).Remind(Channel.Email)"""),
            Workflow("""Workflow.Named("X").ForContents("C").Invite(Channel.Email).WaitAndRepeat(7.Days(), times: 10).Remind(Channel.Email)"""));

    [Fact]
    public Task WFDSL004_fix_clamps_a_count_below_one_to_one() =>
        VerifyCodeFixAsync<ClampRepeatCountCodeFix>(
            Workflow("""Workflow.Named("X").ForContents("C").Invite(Channel.Email).WaitAndRepeat(7.Days(), {|WFDSL004:0|}).Remind(Channel.Email)"""),
            Workflow("""Workflow.Named("X").ForContents("C").Invite(Channel.Email).WaitAndRepeat(7.Days(), 1).Remind(Channel.Email)"""));

    [Fact]
    public Task WFDSL008_fix_merges_two_delays_with_the_same_unit_into_their_sum() =>
        VerifyCodeFixAsync<MergeConsecutiveDelaysCodeFix>(
            Workflow("""
                Workflow.Named("X").ForContents("C")
                            .Invite(Channel.Email)
                            .Wait(7.Days())
                            .{|WFDSL008:Wait(3.Days())|}
                            .Remind(Channel.Email)
                """),
            Workflow("""
                Workflow.Named("X").ForContents("C")
                            .Invite(Channel.Email)
                            .Wait(10.Days())
                            .Remind(Channel.Email)
                """));

    [Fact]
    public Task WFDSL008_fix_is_not_offered_for_different_units() =>
        VerifyCodeFixAsync<MergeConsecutiveDelaysCodeFix>(
            Workflow("""Workflow.Named("X").ForContents("C").Invite(Channel.Email).Wait(1.Weeks()).{|WFDSL008:Wait(3.Days())|}.Remind(Channel.Email)"""),
            Workflow("""Workflow.Named("X").ForContents("C").Invite(Channel.Email).Wait(1.Weeks()).{|WFDSL008:Wait(3.Days())|}.Remind(Channel.Email)"""));

    [Fact]
    public Task WFDSL025_fix_writes_the_current_derived_keys_on_every_reported_step() =>
        VerifyCodeFixAsync<WriteStepKeysCodeFix>(
            Workflow("""
                Workflow.Named("X").ForContents("C")
                            .Invite(Channel.Email)
                            .Wait(7.Days())
                            .{|WFDSL025:Remind(Channel.Email)|}
                            .{|WFDSL025:Wait(3.Days())|}
                            .{|WFDSL025:Remind(Channel.Sms, template: "reminder")|}
                            .{|WFDSL025:Wait(3.Days())|}
                            .{|WFDSL025:Remind(Channel.Push)|}
                """),
            Workflow("""
                Workflow.Named("X").ForContents("C")
                            .Invite(Channel.Email)
                            .Wait(7.Days())
                            .Remind(Channel.Email, key: "remind")
                            .Wait(3.Days(), key: "wait-3d")
                            .Remind(Channel.Sms, template: "reminder", key: "remind-2")
                            .Wait(3.Days(), key: "wait-3d-2")
                            .Remind(Channel.Push, key: "remind-3")
                """));

    [Fact]
    public Task WFDSL025_fix_keys_the_steps_after_a_seed_template_and_leaves_other_steps_alone() =>
        VerifyCodeFixAsync<WriteStepKeysCodeFix>(
            Workflow("""
                Workflow.InvitationWithReminder("X", 7.Days(), Channel.Email).ForContents("C")
                            .{|WFDSL025:Wait(7.Days())|}
                            .{|WFDSL025:Remind(Channel.Sms)|}
                            .Wait(2.Days())
                            .RemindManager(Channel.Email)
                """),
            Workflow("""
                Workflow.InvitationWithReminder("X", 7.Days(), Channel.Email).ForContents("C")
                            .Wait(7.Days(), key: "wait-7d-2")
                            .Remind(Channel.Sms, key: "remind-2")
                            .Wait(2.Days())
                            .RemindManager(Channel.Email)
                """));

    [Fact]
    public Task WFDSL025_fix_writes_keys_only_in_the_workflow_of_the_warning() =>
        VerifyCodeFixAsync<WriteStepKeysCodeFix>(
            Workflow("""Workflow.Named("X").ForContents("C").Invite(Channel.Email).{|WFDSL025:Wait(1.Days())|}.Remind(Channel.Email, key: "a").{|WFDSL025:Wait(1.Days())|}.Remind(Channel.Sms, key: "b")""")
                + Workflow("""Workflow.Named("Y").ForContents("C").Invite(Channel.Email).Wait(1.Days()).Remind(Channel.Email)""", id: "\"other\"", className: "Other"),
            Workflow("""Workflow.Named("X").ForContents("C").Invite(Channel.Email).Wait(1.Days(), key: "wait-1d").Remind(Channel.Email, key: "a").Wait(1.Days(), key: "wait-1d-2").Remind(Channel.Sms, key: "b")""")
                + Workflow("""Workflow.Named("Y").ForContents("C").Invite(Channel.Email).Wait(1.Days()).Remind(Channel.Email)""", id: "\"other\"", className: "Other"));
}

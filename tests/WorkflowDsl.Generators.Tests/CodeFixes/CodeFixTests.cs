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
}

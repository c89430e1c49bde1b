using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using static WorkflowDsl.Generators.Tests.Infrastructure.AnalyzerTestSetup;
using static WorkflowDsl.Generators.Tests.Infrastructure.WorkflowSources;

namespace WorkflowDsl.Generators.Tests.Diagnostics;

/// <summary>WFDSL025: steps without an explicit key whose derived keys share one base (DeriveKeys numbered
/// them -2, -3, ...) are each reported at their call, with the key that would pin them.</summary>
public class DerivedKeyTests
{
    private static DiagnosticResult Moves(int location, int step, string verb, string key) =>
        new DiagnosticResult("WFDSL025", DiagnosticSeverity.Warning).WithLocation(location).WithArguments(
            "Step " + step + " (" + verb + ") has the derived key '" + key + "', which moves if steps of its kind are reordered or one is inserted before it: give it an explicit key, e.g. key: \"" + key + "\".");

    [Fact]
    public Task Two_Remind_steps_are_both_reported_with_their_derived_keys() =>
        VerifyAnalyzerAsync(Workflow("""
            Workflow.Named("X").ForContents("C")
                        .Invite(Channel.Email)
                        .Wait(7.Days())
                        .{|#0:Remind(Channel.Email)|}
                        .Wait(3.Days())
                        .{|#1:Remind(Channel.Sms)|}
            """),
            Moves(0, 3, "remind", "remind"),
            Moves(1, 5, "remind", "remind-2"));

    [Fact]
    public Task Two_Waits_of_the_same_duration_are_reported() =>
        VerifyAnalyzerAsync(Workflow("""
            Workflow.Named("X").ForContents("C")
                        .Invite(Channel.Email)
                        .{|#0:Wait(7.Days())|}
                        .Remind(Channel.Email, key: "first-reminder")
                        .{|#1:Wait(7.Days())|}
                        .Remind(Channel.Sms, key: "second-reminder")
            """),
            Moves(0, 2, "wait", "wait-7d"),
            Moves(1, 4, "wait", "wait-7d-2"));

    [Fact]
    public Task Two_Message_steps_with_the_same_recipient_and_template_are_reported_and_another_template_is_not() =>
        VerifyAnalyzerAsync(Workflow("""
            Workflow.Named("X").ForContents("C")
                        .Invite(Channel.Email)
                        .Wait(2.Days())
                        .{|#0:Message(Recipient.Manager, Channel.Email, "manager-notification")|}
                        .Wait(5.Days())
                        .{|#1:Message(Recipient.Manager, Channel.Email, "manager-notification")|}
                        .Message(Recipient.User, Channel.Email, "reminder")
            """),
            Moves(0, 3, "message", "message-manager-manager-notification"),
            Moves(1, 5, "message", "message-manager-manager-notification-2"));

    [Fact]
    public Task A_step_whose_base_only_an_explicit_key_takes_is_not_reported() =>
        // DeriveKeys does not count explicitly keyed steps: the second Remind is 'remind-2' because 'remind'
        // is taken, and reordering or inserting steps does not change that (only editing the explicit key does).
        VerifyAnalyzerAsync(Workflow("""
            Workflow.Named("X").ForContents("C")
                        .Invite(Channel.Email)
                        .Wait(7.Days())
                        .Remind(Channel.Email, key: "remind")
                        .Wait(3.Days())
                        .Remind(Channel.Sms)
            """));

    [Fact]
    public Task Two_unkeyed_steps_beside_an_explicitly_keyed_one_of_their_kind_are_reported() =>
        VerifyAnalyzerAsync(Workflow("""
            Workflow.Named("X").ForContents("C")
                        .Invite(Channel.Email)
                        .Wait(7.Days())
                        .Remind(Channel.Email, key: "first-reminder")
                        .Wait(3.Days())
                        .{|#0:Remind(Channel.Push)|}
                        .Wait(1.Days())
                        .{|#1:Remind(Channel.Sms)|}
            """),
            Moves(0, 5, "remind", "remind"),
            Moves(1, 7, "remind", "remind-2"));

    [Fact]
    public Task Unique_derived_keys_report_nothing() =>
        VerifyAnalyzerAsync(Workflow("""
            Workflow.Named("X").ForContents("C")
                        .Invite(Channel.Email)
                        .Wait(7.Days())
                        .Remind(Channel.Email)
                        .Wait(3.Days())
                        .RemindManager(Channel.Email)
                        .WaitAndRepeat(3.Days(), times: 2)
                        .Message(Recipient.User, Channel.Sms, "reminder")
            """));

    [Fact]
    public Task Explicit_keys_on_every_step_of_a_kind_report_nothing() =>
        VerifyAnalyzerAsync(Workflow("""
            Workflow.Named("X").ForContents("C")
                        .Invite(Channel.Email)
                        .Wait(7.Days(), key: "first-wait")
                        .Remind(Channel.Email, key: "first-reminder")
                        .Wait(7.Days(), key: "second-wait")
                        .Remind(Channel.Sms, key: "second-reminder")
            """));

    [Fact]
    public Task A_seed_templates_steps_are_not_reported_but_the_later_steps_of_their_kind_are() =>
        // Seed steps come first (nothing can be inserted before them) and their call takes no key.
        VerifyAnalyzerAsync(Workflow("""
            Workflow.InvitationWithReminder("X", 7.Days(), Channel.Email).ForContents("C")
                        .{|#0:Wait(7.Days())|}
                        .{|#1:Remind(Channel.Sms)|}
            """),
            Moves(0, 4, "wait", "wait-7d-2"),
            Moves(1, 5, "remind", "remind-2"));
}

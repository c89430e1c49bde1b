using WorkflowDsl;

namespace WorkflowDsl.Examples.Workflows;

/// <summary>The seed's "Invitation" template: one message.</summary>
[Workflow("privacy-basics-invitation")]
public static partial class PrivacyBasicsInvitation
{
    /// <summary>The definition.</summary>
    public static WorkflowDefinition Define() =>
        Workflow.Invitation("Privacy basics: invitation", Channel.Email | Channel.Push)
            .Describe("Invites every active employee to the privacy basics course.")
            .ForContents("PRIV-100")
            .Labels("compliance");
}

/// <summary>The seed's "Invitation with a follow-up reminder" template.</summary>
[Workflow("code-of-conduct")]
public static partial class CodeOfConduct
{
    /// <summary>The definition.</summary>
    public static WorkflowDefinition Define() =>
        Workflow.InvitationWithReminder("Code of conduct 2026", 14.Days(), Channel.Email)
            .Describe("Mandatory code of conduct training with one reminder.")
            .ForContents("COC-2026")
            .Labels("compliance", "hr")
            .TargetGroup(t => t.Assignees(Assignment.Mandatory));
}

/// <summary>The seed's "Invitation with follow-up reminders to the trainee and the manager" template,
/// run every weekday morning.</summary>
[Workflow("security-awareness")]
public static partial class SecurityAwareness
{
    /// <summary>The definition.</summary>
    public static WorkflowDefinition Define() =>
        Workflow.InvitationWithReminders("Security awareness 2026", 30.Days(), Channel.Email | Channel.Push)
            .Describe("Security awareness for everyone with a mandatory assignment.")
            .ForContents("SEC-101", "SEC-102")
            .Labels("it", "emea")
            .TargetGroup(t => t.Assignees(Assignment.Mandatory | Assignment.Optional)
                               .ExcludingCompleted())
            .Schedule("0 8 * * MON-FRI", "Europe/Helsinki");
}

using WorkflowDsl.Plan;

namespace WorkflowDsl.Tests;

public class DefinitionRulesTests
{
    [Fact]
    public void Seed_template_with_reminders_has_invite_wait_remind_and_manager_digest()
    {
        var plan = Workflow.InvitationWithReminders("X", 30.Days(), Channel.Email).ForContents("C1").Build("x");
        Assert.Equal(["invite", "wait-30d", "remind", "remind-manager"], plan.Steps.Select(s => s.Key));
        Assert.Equal(new MessageStep("remind-manager", Recipient.Manager, Channel.Email, "manager-notification"), plan.Steps[3]);
    }
}

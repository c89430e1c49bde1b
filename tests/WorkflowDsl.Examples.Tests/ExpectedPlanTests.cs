using WorkflowDsl.Examples.Workflows;
using WorkflowDsl.Plan;

namespace WorkflowDsl.Examples.Tests;

/// <summary>The generated plans against plans written out by hand from the definitions and the README's
/// rules for derived step keys and seed templates, not built by the code under test: the comparison with
/// the run-time builder (<see cref="GeneratedPlanTests"/>) shows the two implementations agree, this shows
/// they are right.</summary>
public class ExpectedPlanTests
{
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    public static TheoryData<Type, string, string, string[], string[], PlanStep[], string?, string?> Expected() => new()
    {
        {
            typeof(PrivacyBasicsInvitation), "privacy-basics-invitation", "Privacy basics: invitation", ["PRIV-100"], ["compliance"],
            [new MessageStep("invite", Recipient.User, Channel.Email | Channel.Push, "invitation")],
            null, null
        },
        {
            typeof(CodeOfConduct), "code-of-conduct", "Code of conduct 2026", ["COC-2026"], ["compliance", "hr"],
            [
                new MessageStep("invite", Recipient.User, Channel.Email, "invitation"),
                new DelayStep("wait-14d", 14 * Day),
                new MessageStep("remind", Recipient.User, Channel.Email, "reminder"),
            ],
            null, null
        },
        {
            typeof(SecurityAwareness), "security-awareness", "Security awareness 2026", ["SEC-101", "SEC-102"], ["it", "emea"],
            [
                new MessageStep("invite", Recipient.User, Channel.Email | Channel.Push, "invitation"),
                new DelayStep("wait-30d", 30 * Day),
                new MessageStep("remind", Recipient.User, Channel.Email | Channel.Push, "reminder"),
                new MessageStep("remind-manager", Recipient.Manager, Channel.Email, "manager-notification"),
            ],
            "0 8 * * MON-FRI", "Europe/Helsinki"
        },
        {
            typeof(ForkliftSafety), "forklift-safety", "Forklift safety refresher", ["FORK-201"], ["operations"],
            [
                new MessageStep("invite", Recipient.User, Channel.Email | Channel.Sms, "forklift-invitation"),
                new DelayStep("wait-7d", 7 * Day),
                new MessageStep("sms-nudge", Recipient.User, Channel.Sms, "forklift-nudge"),
                new DelayAndRepeatStep("repeat-7d-x2", 7 * Day, 2),
                new MessageStep("remind-manager", Recipient.Manager, Channel.Email, "manager-notification"),
                new DelayStep("wait-3d", 3 * Day),
                new MessageStep("notify-hr-partner", Recipient.HrPartner, Channel.Email, "forklift-hr-digest"),
            ],
            "30 7 * * MON", "Europe/Stockholm"
        },
    };

    [Theory]
    [MemberData(nameof(Expected))]
    public void Generated_plan_is_the_one_written_out_by_hand(Type workflow, string id, string name, string[] contents, string[] labels, PlanStep[] steps, string? cron, string? timeZone)
    {
        var plan = GeneratedWorkflows.PlanOf(workflow);
        string diagram = GeneratedWorkflows.MermaidDiagramOf(workflow);

        Assert.Equal((id, name), (plan.Id, plan.Name));
        Assert.Equal(contents, plan.Contents);
        Assert.Equal(labels, plan.Labels);
        Assert.Equal(steps, plan.Steps);
        Assert.Equal(cron is null ? null : new SchedulePlan(cron, timeZone!), plan.Schedule);
        Assert.StartsWith("flowchart TD", diagram);
        Assert.All(steps, s => Assert.Contains("<small>" + s.Key + "</small>", diagram));
    }
}

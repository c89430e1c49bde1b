using WorkflowDsl;
using WorkflowDsl.Templates;

namespace WorkflowDsl.Examples.Workflows;

/// <summary>A workflow built from scratch, with custom templates and target-group filters: warehouse
/// staff in Finland and Sweden hired this year get an invitation by email and SMS, weekly reminders,
/// and then their manager and HR partner are told.</summary>
[Workflow("forklift-safety")]
public static partial class ForkliftSafety
{
    /// <summary>The definition.</summary>
    public static WorkflowDefinition Define() =>
        Workflow.Named("Forklift safety refresher")
            .Describe("Warehouse staff hired in 2026 refresh their forklift safety training.")
            .ForContents("FORK-201")
            .Labels("operations")
            .OwnedBy("admin-nordics")
            .TargetGroup(t => t
                .Assignees(Assignment.None)
                .InOrgUnit("warehouses")
                .InCountry("FI", "SE")
                .Where(u => u.JobTitle == "Forklift operator" || u.Department == "Logistics")
                .HiredOnOrAfter(new DateOnly(2026, 1, 1))
                .ExcludingUsers("u-contractor-1"))
            .Invite(Channel.Email | Channel.Sms, template: ForkliftTemplates.InvitationId)
            .Wait(7.Days())
            .Remind(Channel.Sms, template: ForkliftTemplates.NudgeId, key: "sms-nudge")
            .WaitAndRepeat(7.Days(), times: 2)
            .RemindManager(Channel.Email)
            .Wait(3.Days())
            .NotifyHrPartner(Channel.Email, template: ForkliftTemplates.HrDigestId)
            .Schedule("30 7 * * MON", "Europe/Stockholm");
}

/// <summary>The forklift workflow's own templates, in English and Swedish.</summary>
public static class ForkliftTemplates
{
    /// <summary>Id of the invitation.</summary>
    public const string InvitationId = "forklift-invitation";
    /// <summary>Id of the SMS nudge.</summary>
    public const string NudgeId = "forklift-nudge";
    /// <summary>Id of the HR digest.</summary>
    public const string HrDigestId = "forklift-hr-digest";

    /// <summary>The invitation.</summary>
    [MessageTemplate(InvitationId)]
    public static TemplateDefinition Invitation() =>
        Template.Language("en", c => c
                .Email("Forklift safety: your refresher is due", "<p>Hi {{ user.first_name }},</p><p>Please complete <a href=\"{{ content.link }}\">{{ content.title }}</a>{% if due_date %} by {{ due_date }}{% endif %}.</p>")
                .Sms("Hi {{ user.first_name }}, please complete {{ content.title }}{% if due_date %} by {{ due_date }}{% endif %}."))
            .Language("sv", c => c
                .Email("Trucksäkerhet: dags för repetition", "<p>Hej {{ user.first_name }},</p><p>Slutför <a href=\"{{ content.link }}\">{{ content.title }}</a>{% if due_date %} senast {{ due_date }}{% endif %}.</p>")
                .Sms("Hej {{ user.first_name }}, slutför {{ content.title }}{% if due_date %} senast {{ due_date }}{% endif %}."))
            .FallbackTo("en");

    /// <summary>A short SMS nudge.</summary>
    [MessageTemplate(NudgeId)]
    public static TemplateDefinition Nudge() =>
        Template.Language("en", c => c.Sms("{{ user.first_name }}, {{ content.title }} is still open: {{ content.link }}"))
            .Language("sv", c => c.Sms("{{ user.first_name }}, {{ content.title }} är fortfarande öppen: {{ content.link }}"));

    /// <summary>The HR partner's digest.</summary>
    [MessageTemplate(HrDigestId)]
    public static TemplateDefinition HrDigest() =>
        Template.Language("en", c => c
            .Email("Forklift refresher: {{ users.size }} people still open",
                "<p>Hello {{ recipient.first_name }},</p><ul>{% for u in users %}<li>{{ u.name }}{% if u.email %} ({{ u.email }}){% endif %}</li>{% endfor %}</ul>"));
}

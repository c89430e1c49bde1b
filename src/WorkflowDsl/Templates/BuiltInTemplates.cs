namespace WorkflowDsl.Templates;

/// <summary>The message templates that ship with the library: an invitation, a reminder and a
/// manager/HR digest, each in English (the fallback) and Finnish.</summary>
public static class BuiltInTemplates
{
    /// <summary>Id of the invitation template.</summary>
    public const string InvitationId = Rules.StepCatalog.InvitationTemplate;
    /// <summary>Id of the reminder template.</summary>
    public const string ReminderId = Rules.StepCatalog.ReminderTemplate;
    /// <summary>Id of the manager / HR partner digest template.</summary>
    public const string ManagerNotificationId = Rules.StepCatalog.ManagerNotificationTemplate;

    private const string ContentListHtml =
        "<ul>{% for c in contents %}<li><a href=\"{{ c.link }}\">{{ c.title }}</a>{% if c.due_date %} ({{ c.due_date }}){% endif %}</li>{% endfor %}</ul>";

    /// <summary>The invitation to the workflow's contents.</summary>
    public static MessageTemplate Invitation { get; } = Template
        .Language("en", c => c
            .Email("You are invited: {{ content.title }}",
                "<p>Hello {{ user.first_name }},</p><p>You are invited to complete the following training:</p>" + ContentListHtml +
                "{% if due_date %}<p>Please complete it by {{ due_date }}.</p>{% endif %}")
            .Push("New training: {{ content.title }}", "Hello {{ user.first_name }}, please complete {{ content.title }}.")
            .Sms("Hello {{ user.first_name }}, you are invited to complete {{ content.title }}: {{ content.link }}"))
        .Language("fi", c => c
            .Email("Kutsu koulutukseen: {{ content.title }}",
                "<p>Hei {{ user.first_name }},</p><p>Sinut on kutsuttu suorittamaan seuraava koulutus:</p>" + ContentListHtml +
                "{% if due_date %}<p>Suorita se viimeistään {{ due_date }}.</p>{% endif %}")
            .Push("Uusi koulutus: {{ content.title }}", "Hei {{ user.first_name }}, suorita {{ content.title }}.")
            .Sms("Hei {{ user.first_name }}, sinut on kutsuttu koulutukseen {{ content.title }}: {{ content.link }}"))
        .Build(InvitationId);

    /// <summary>The reminder for users who have not completed the contents.</summary>
    public static MessageTemplate Reminder { get; } = Template
        .Language("en", c => c
            .Email("Reminder: {{ content.title }}",
                "<p>Hello {{ user.first_name }},</p><p>You have not yet completed:</p>" + ContentListHtml +
                "{% if due_date %}<p>The due date is {{ due_date }}.</p>{% endif %}")
            .Push("Reminder: {{ content.title }}", "{{ user.first_name }}, {{ content.title }} is still waiting for you.")
            .Sms("Reminder: {{ user.first_name }}, please complete {{ content.title }}: {{ content.link }}"))
        .Language("fi", c => c
            .Email("Muistutus: {{ content.title }}",
                "<p>Hei {{ user.first_name }},</p><p>Et ole vielä suorittanut:</p>" + ContentListHtml +
                "{% if due_date %}<p>Määräpäivä on {{ due_date }}.</p>{% endif %}")
            .Push("Muistutus: {{ content.title }}", "{{ user.first_name }}, {{ content.title }} odottaa sinua.")
            .Sms("Muistutus: {{ user.first_name }}, suorita {{ content.title }}: {{ content.link }}"))
        .Build(ReminderId);

    /// <summary>The digest for managers and HR partners, listing their users who reached the step.</summary>
    public static MessageTemplate ManagerNotification { get; } = Template
        .Language("en", c => c
            .Email("{{ users.size }} of your people have not completed {{ content.title }}",
                "<p>Hello {{ recipient.first_name }},</p><p>These people have not yet completed {{ content.title }}:</p><ul>" +
                "{% for u in users %}<li>{{ u.name }}{% if u.due_date %} (due {{ u.due_date }}){% endif %}</li>{% endfor %}</ul>")
            .Push("{{ users.size }} people have not completed {{ content.title }}", "Open the app to see who still needs to complete it.")
            .Sms("{{ users.size }} of your people have not completed {{ content.title }}."))
        .Language("fi", c => c
            .Email("{{ users.size }} henkilöä ei ole suorittanut koulutusta {{ content.title }}",
                "<p>Hei {{ recipient.first_name }},</p><p>Nämä henkilöt eivät ole vielä suorittaneet koulutusta {{ content.title }}:</p><ul>" +
                "{% for u in users %}<li>{{ u.name }}{% if u.due_date %} (määräpäivä {{ u.due_date }}){% endif %}</li>{% endfor %}</ul>")
            .Push("{{ users.size }} henkilöä ei ole suorittanut koulutusta", "Avaa sovellus nähdäksesi, keitä asia koskee.")
            .Sms("{{ users.size }} henkilöä ei ole suorittanut koulutusta {{ content.title }}."))
        .Build(ManagerNotificationId);

    /// <summary>All built-in templates.</summary>
    public static IReadOnlyList<MessageTemplate> All { get; } = [Invitation, Reminder, ManagerNotification];
}

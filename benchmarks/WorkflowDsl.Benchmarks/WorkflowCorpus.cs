using System.Text;

namespace WorkflowDsl.Benchmarks;

/// <summary>Writes N realistic, valid workflow files (one [Workflow] class a file, as teams write them),
/// varied in template, steps, target group and schedule, plus a few files of code-defined templates
/// and ordinary code that has nothing to do with workflows.</summary>
internal static class WorkflowCorpus
{
    private static readonly string[] Channels = ["Channel.Email", "Channel.Email | Channel.Push", "Channel.Sms", "Channel.Push", "Channel.Email | Channel.Sms"];
    private static readonly string[] Countries = ["FI", "SE", "NO", "DK", "DE", "FR"];
    private static readonly string[] Zones = ["Europe/Helsinki", "Europe/Stockholm", "UTC", "Europe/Berlin"];

    public const int TemplateFiles = 20;
    public const int UnrelatedFiles = 50;

    public static List<(string Path, string Text)> Create(int workflows)
    {
        var files = new List<(string, string)>();
        for (int i = 0; i < workflows; i++) files.Add(($"/src/Workflows/Workflow{i:D4}.cs", Workflow(i)));
        for (int t = 0; t < TemplateFiles; t++) files.Add(($"/src/Templates/Templates{t:D2}.cs", Templates(t)));
        for (int u = 0; u < UnrelatedFiles; u++) files.Add(($"/src/Services/Service{u:D2}.cs", Unrelated(u, 0)));
        return files;
    }

    public static string Workflow(int i, int waitDays = 0)
    {
        string channels = Channels[i % Channels.Length];
        int delay = waitDays > 0 ? waitDays : 3 + i % 28;
        var s = new StringBuilder();
        s.Append("using WorkflowDsl;\n\nnamespace Company.Training.Area").Append(i % 10).Append(";\n\n");
        s.Append("/// <summary>Campaign ").Append(i).Append(".</summary>\n");
        s.Append("[Workflow(\"campaign-").Append(i).Append("\")]\n");
        s.Append("public static partial class Campaign").Append(i).Append("\n{\n");
        s.Append("    /// <summary>The definition.</summary>\n");
        s.Append("    public static WorkflowDefinition Define() =>\n");
        switch (i % 4)
        {
            case 0:
                s.Append("        Workflow.Invitation(\"Campaign ").Append(i).Append("\", ").Append(channels).Append(")\n");
                break;
            case 1:
                s.Append("        Workflow.InvitationWithReminder(\"Campaign ").Append(i).Append("\", ").Append(delay).Append(".Days(), ").Append(channels).Append(")\n");
                break;
            case 2:
                s.Append("        Workflow.InvitationWithReminders(\"Campaign ").Append(i).Append("\", ").Append(delay).Append(".Days(), ").Append(channels).Append(")\n");
                break;
            default:
                s.Append("        Workflow.Named(\"Campaign ").Append(i).Append("\")\n");
                break;
        }
        s.Append("            .Describe(\"Training campaign number ").Append(i).Append(" for the ").Append(Countries[i % Countries.Length]).Append(" organisation.\")\n");
        s.Append("            .ForContents(\"C-").Append(i).Append("\"").Append(i % 3 == 0 ? ", \"C-" + (i + 1) + "\"" : "").Append(")\n");
        s.Append("            .Labels(\"training\", \"area-").Append(i % 10).Append("\")\n");
        if (i % 5 == 0) s.Append("            .OwnedBy(\"admin-").Append(i % 7).Append("\")\n");
        if (i % 2 == 0)
        {
            s.Append("            .TargetGroup(t => t.Assignees(Assignment.Mandatory").Append(i % 4 == 0 ? " | Assignment.Optional" : "").Append(")\n");
            s.Append("                .InCountry(\"").Append(Countries[i % Countries.Length]).Append("\")\n");
            if (i % 6 == 0) s.Append("                .Where(u => u.Department == \"Dept ").Append(i % 9).Append("\")\n");
            s.Append("                .ExcludingCompleted())\n");
        }
        if (i % 4 == 3)
        {
            s.Append("            .Invite(").Append(channels).Append(i % 8 == 7 ? ", template: \"custom-invite-" + (i % TemplateFiles) + "\"" : "").Append(")\n");
            s.Append("            .Wait(").Append(delay).Append(".Days())\n");
            s.Append("            .Remind(Channel.Email)\n");
            s.Append("            .WaitAndRepeat(").Append(1 + i % 3).Append(".Weeks(), times: ").Append(1 + i % 5).Append(")\n");
            s.Append("            .RemindManager(Channel.Email)\n");
            if (i % 3 == 0) s.Append("            .Wait(2.Days())\n            .NotifyHrPartner(Channel.Email)\n");
        }
        else if (i % 3 == 0)
        {
            s.Append("            .Wait(").Append(delay + 7).Append(".Days())\n");
            s.Append("            .Remind(Channel.Push, key: \"last-call\")\n");
        }
        if (i % 7 == 0) s.Append("            .Schedule(\"0 8 * * MON-FRI\", \"").Append(Zones[i % Zones.Length]).Append("\")\n");
        s.Length--; // drop the last newline
        s.Append(";\n}\n");
        return s.ToString();
    }

    private static string Templates(int t) => $$$"""
        using WorkflowDsl;
        using WorkflowDsl.Templates;

        namespace Company.Training.Templates;

        /// <summary>Templates {{{t}}}.</summary>
        public static class Templates{{{t}}}
        {
            /// <summary>A custom invitation.</summary>
            [MessageTemplate("custom-invite-{{{t}}}")]
            public static TemplateDefinition Invite() =>
                Template.Language("en", c => c
                        .Email("Training {{{t}}}: {{ content.title }}", "<p>Hello {{ user.first_name }}, please complete {{ content.title }}.</p>")
                        .Push("Training {{{t}}}", "Please complete {{ content.title }}.")
                        .Sms("Hello {{ user.first_name }}, please complete {{ content.title }}."))
                    .Language("fi", c => c
                        .Email("Koulutus {{{t}}}: {{ content.title }}", "<p>Hei {{ user.first_name }}, suorita {{ content.title }}.</p>")
                        .Push("Koulutus {{{t}}}", "Suorita {{ content.title }}.")
                        .Sms("Hei {{ user.first_name }}, suorita {{ content.title }}."));
        }
        """;

    public static string Unrelated(int u, int edit) => $$"""
        namespace Company.Services;

        /// <summary>Service {{u}}.</summary>
        public sealed class Service{{u}}
        {
            private readonly Dictionary<string, int> _counts = new();

            /// <summary>Counts a word.</summary>
            public int Count(string word)
            {
                _counts.TryGetValue(word, out int count);
                _counts[word] = count + 1 + {{edit}};
                return _counts[word];
            }

            /// <summary>The most frequent words.</summary>
            public IReadOnlyList<string> Top(int n) => _counts.OrderByDescending(kv => kv.Value).Take(n).Select(kv => kv.Key).ToList();
        }
        """;
}

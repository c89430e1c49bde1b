using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using WorkflowDsl.Generators.Model;
using WorkflowDsl.Generators.Tests.Infrastructure;
using WorkflowDsl.Plan;

namespace WorkflowDsl.Generators.Tests.Parsing;

/// <summary>The parser reads a definition exactly as the run-time builder builds it: same steps,
/// keys, channels, templates, durations and fields. Each source is compiled, loaded and built with
/// WorkflowDefinition.BuildFrom, and compared with the parser's model.</summary>
public class RuntimeParityTests
{
    private const string Chains = """
        [Workflow("custom")]
        public static partial class Custom
        {
            public static WorkflowDefinition Define() =>
                Workflow.InvitationWithReminders("Custom", 2.Weeks(), Channel.Email | Channel.Sms)
                    .Describe("All the verbs")
                    .ForContents("A-1", "B-2")
                    .Labels("ops")
                    .OwnedBy("admin-7")
                    .WaitAndRepeat(TimeSpan.FromHours(36), times: 3)
                    .NotifyHrPartner(Channel.Push)
                    .Message(Recipient.Manager, Channel.Email, "manager-notification", key: "escalate")
                    .Wait(90.Minutes())
                    .Remind(Channel.Push, template: "reminder")
                    .RemoveStep("remind-manager")
                    .Invite(Channel.Email)
                    .Schedule("@daily", "UTC");
        }
        """;

    [Fact]
    public void Example_workflows_parse_to_what_the_run_time_builder_builds()
    {
        string folder = Path.Combine(AnalyzerTestSetup.RepoRoot, "examples", "WorkflowDsl.Examples", "Workflows");
        AssertParity(Directory.GetFiles(folder, "*.cs").Select(File.ReadAllText).ToArray());
    }

    [Fact]
    public void Every_verb_seed_template_and_RemoveStep_parse_to_what_the_run_time_builder_builds() =>
        AssertParity(Chains);

    private static void AssertParity(params string[] sources)
    {
        var compilation = ParserHarness.Compile(sources);
        using var stream = new MemoryStream();
        var emit = compilation.Emit(stream);
        Assert.True(emit.Success, string.Join("; ", emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        var context = new AssemblyLoadContext("parity", isCollectible: true);
        try
        {
            stream.Position = 0;
            var assembly = context.LoadFromStream(stream);
            var models = ParserHarness.ParseWorkflowResults(compilation).Select(r =>
            {
                Assert.Empty(r.Diagnostics);
                return r.Model!;
            }).ToList();
            Assert.NotEmpty(models);
            foreach (var model in models)
            {
                string metadataName = model.FullyQualifiedTypeName["global::".Length..];
                var plan = WorkflowDefinition.BuildFrom(assembly.GetType(metadataName, throwOnError: true)!);
                AssertSame(plan, model);
            }
        }
        finally
        {
            context.Unload();
        }
    }

    private static void AssertSame(WorkflowPlan plan, WorkflowModel model)
    {
        Assert.Equal(plan.Id, model.Id);
        Assert.Equal(plan.Name, model.Name);
        Assert.Equal(plan.Description, model.Description);
        Assert.Equal(plan.Contents, model.Contents);
        Assert.Equal(plan.Labels, model.Labels);
        Assert.Equal(plan.Owner, model.Owner);
        Assert.Equal(plan.Schedule?.Cron, model.Cron);
        Assert.Equal(plan.Schedule?.TimeZone, model.TimeZone);
        Assert.Equal(plan.Steps.Select(Describe), model.Steps.Select(Describe));
    }

    private static string Describe(PlanStep step) => step switch
    {
        MessageStep m => $"{m.Key}: message {(int)m.Recipient} {(int)m.Channels} {m.TemplateId}",
        DelayAndRepeatStep r => $"{r.Key}: repeat {r.Duration.Ticks} x{r.Times}",
        DelayStep d => $"{d.Key}: delay {d.Duration.Ticks}",
        _ => step.ToString(),
    };

    private static string Describe(StepModel step) => step.Kind switch
    {
        0 => $"{step.Key}: message {step.Recipient} {step.Channels} {step.TemplateId}",
        2 => $"{step.Key}: repeat {step.DurationTicks} x{step.Times}",
        _ => $"{step.Key}: delay {step.DurationTicks}",
    };
}

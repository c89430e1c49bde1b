using WorkflowDsl.Templates;

namespace WorkflowDsl.Generators.Tests.Parsing;

/// <summary>What the syntax reader could not read still reaches the application: a template id that is
/// not a literal, and a workflow whose plan is built at start-up.</summary>
public class SyntaxReaderRegistryTests
{
    private const string TemplateWithIdFromAnotherFile = """
        using WorkflowDsl;
        using WorkflowDsl.Templates;

        namespace Company.Training;

        public static class Templates
        {
            [MessageTemplate(Ids.Welcome)]
            public static TemplateDefinition Welcome() =>
                Template.Language("en", c => c.Email("Hi", "Hello {{ user.first_name }}").Push("Hi", "Hello").Sms("Hello"));
        }
        """;

    private const string Ids = """
        namespace Company.Training;

        public static class Ids
        {
            public const string Welcome = "welcome-by-const";
        }
        """;

    [Fact]
    public void A_template_id_that_is_not_a_literal_is_read_from_the_methods_attribute_at_start_up()
    {
        var compilation = CompilationFactory.Create([TemplateWithIdFromAnotherFile, Ids], "Company.Training");
        var (driver, output, diagnostics) = CompilationFactory.Run(compilation);
        Assert.Empty(diagnostics);
        string registry = driver.Sources()["GeneratedWorkflows.g.cs"];
        Assert.Contains("global::WorkflowDsl.Templates.TemplateAttributes.Build(global::Company.Training.Templates.Welcome),", registry);
        Assert.DoesNotContain(output.GetDiagnostics(), d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error);

        var templates = (IReadOnlyList<MessageTemplate>)CompiledAssembly.Load(output).GetStatic("Company.Training.GeneratedWorkflows", "Templates")!;
        Assert.Equal("welcome-by-const", Assert.Single(templates).Id);
    }

    [Fact]
    public void A_workflow_the_reader_is_not_sure_of_gets_its_plan_built_at_start_up()
    {
        const string shared = """
            namespace Company.Training;

            public static class Contents
            {
                public const string Onboarding = "ONB-1";
            }
            """;
        const string workflow = """
            using WorkflowDsl;

            namespace Company.Training;

            [Workflow("onboarding")]
            public static partial class Onboarding
            {
                public static WorkflowDefinition Define() =>
                    Workflow.Named("Onboarding").ForContents(Contents.Onboarding).Invite(Channel.Email).Wait(7.Days()).Remind(Channel.Email);
            }
            """;
        var compilation = CompilationFactory.Create([workflow, shared], "Company.Training");
        var (driver, output, diagnostics) = CompilationFactory.Run(compilation);
        Assert.Empty(diagnostics);
        Assert.DoesNotContain(output.GetDiagnostics(), d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error);

        var assembly = CompiledAssembly.Load(output);
        // Its row in the plan table has no plan text: the table builds it with the run-time builder.
        Assert.Contains(driver.Sources().Values, text => text.Contains("private static readonly string s_names", StringComparison.Ordinal) && text.Contains("= \"27:Company.Training.Onboarding\";", StringComparison.Ordinal));
        Assert.Contains(driver.Sources().Values, text => text.Contains("private static readonly string s_plans", StringComparison.Ordinal) && text.Contains("= \"-\";", StringComparison.Ordinal));
        var table = assembly.PlanTable("Company.Training.GeneratedWorkflows");
        var plan = table.PlanOf(assembly.GetType("Company.Training.Onboarding")!);
        Assert.Equal(WorkflowDefinition.BuildFrom(assembly.GetType("Company.Training.Onboarding")!), plan);
        Assert.Equal(["ONB-1"], plan.Contents);
        var plans = (IReadOnlyList<WorkflowDsl.Plan.WorkflowPlan>)assembly.GetStatic("Company.Training.GeneratedWorkflows", "Plans")!;
        Assert.Same(plan, Assert.Single(plans));
        Assert.Equal(plan.ToMermaid(), table.MermaidDiagramOf(assembly.GetType("Company.Training.Onboarding")!));
    }
}

using Microsoft.CodeAnalysis;
using WorkflowDsl.Generators.Emit;
using WorkflowDsl.Plan;

namespace WorkflowDsl.Generators.Tests.Generation;

/// <summary>The generator end to end: source in, generated files out, compiled and run.</summary>
public class GeneratorTests
{
    private static Compilation Examples() =>
        CompilationFactory.Create(RepoFiles.ExampleWorkflowSources().Select(f => f.Text), "WorkflowDsl.Examples");

    [Fact]
    public void No_registry_when_the_compilation_does_not_reference_WorkflowDsl()
    {
        var compilation = CompilationFactory.Create(["public class Plain { }"], "Plain", CompilationFactory.RuntimeReferences);

        var (driver, _, diagnostics) = CompilationFactory.Run(compilation);

        Assert.Empty(diagnostics);
        Assert.Empty(driver.Sources());
    }

    [Fact]
    public void Empty_registry_compiles_when_WorkflowDsl_is_referenced_but_nothing_is_defined()
    {
        var (driver, output, diagnostics) = CompilationFactory.Run(CompilationFactory.Create(["internal class Plain { }"], "My-App.2Core"));

        Assert.Empty(diagnostics);
        Assert.Equal([RegistryEmitter.HintName], driver.Sources().Keys);
        Assert.Contains("namespace My_App._2Core", driver.Sources()[RegistryEmitter.HintName]);
        Assert.Empty(CompilationFactory.Problems(output));
    }

    [Fact]
    public void Generator_reports_no_diagnostics_and_emits_one_file_per_example_workflow_plus_the_registry()
    {
        var (driver, output, diagnostics) = CompilationFactory.Run(Examples());

        Assert.Empty(diagnostics);
        Assert.Null(driver.Result().Exception);
        Assert.Equal(
            [
                "GeneratedWorkflows.g.cs",
                "WorkflowDsl.Examples.Workflows.CodeOfConduct.Workflow.g.cs",
                "WorkflowDsl.Examples.Workflows.ForkliftSafety.Workflow.g.cs",
                "WorkflowDsl.Examples.Workflows.PrivacyBasicsInvitation.Workflow.g.cs",
                "WorkflowDsl.Examples.Workflows.SecurityAwareness.Workflow.g.cs",
            ],
            driver.Sources().Keys.OrderBy(k => k, StringComparer.Ordinal));
        var problems = CompilationFactory.Problems(output);
        Assert.True(problems.Count == 0, CompilationFactory.Format(problems));
    }

    [Fact]
    public void Generated_registry_matches_the_expected_text()
    {
        var (driver, _, _) = CompilationFactory.Run(Examples());

        ExpectedText.Matches("GeneratedWorkflows.g.cs.txt", driver.Sources()[RegistryEmitter.HintName]);
    }

    [Fact]
    public void Generated_plans_equal_the_run_time_builder()
    {
        var (_, output, _) = CompilationFactory.Run(Examples());
        var assembly = CompiledAssembly.Load(output);

        var plans = (IReadOnlyList<WorkflowPlan>)assembly.GetStatic("WorkflowDsl.Examples.GeneratedWorkflows", "Plans")!;
        Assert.Equal(4, plans.Count);
        foreach (var type in assembly.GetTypes().Where(t => t.IsDefined(typeof(WorkflowAttribute), false)))
        {
            var plan = (WorkflowPlan)assembly.GetStatic(type.FullName!, "Plan")!;
            Assert.Equal(WorkflowDefinition.BuildFrom(type), plan);
            Assert.Equal(plan.ToMermaid(), assembly.GetStatic(type.FullName!, "MermaidDiagram"));
            Assert.Contains(plan, plans);
        }
    }

    [Fact]
    public void Generated_workflow_file_equals_the_emitter_output_for_the_parsed_model_shape()
    {
        // The parser's model of the forklift example must carry what the hand-built model carries:
        // the emitted plan section (everything after the class declaration line) is the same text.
        var (driver, _, _) = CompilationFactory.Run(Examples());
        string generated = driver.Sources()["WorkflowDsl.Examples.Workflows.ForkliftSafety.Workflow.g.cs"];
        string expected = WorkflowEmitter.Emit(ExampleModels.ForkliftSafety());

        Assert.Equal(Members(expected), Members(generated));

        static string Members(string text) => text.Substring(text.IndexOf("/// <summary>The workflow's id", StringComparison.Ordinal));
    }
}

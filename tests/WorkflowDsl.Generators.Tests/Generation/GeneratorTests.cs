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
    public void Generator_reports_no_diagnostics_and_emits_the_registry_and_its_plan_table_files()
    {
        var (driver, output, diagnostics) = CompilationFactory.Run(Examples());

        Assert.Empty(diagnostics);
        Assert.Null(driver.Result().Exception);
        // Each example's row goes to the file of its class's group; nothing else is written.
        var groups = ExampleModels.All().Select(m => PlanTableEmitter.GroupOf(m.FullyQualifiedTypeName)).Distinct();
        Assert.Equal(
            groups.Select(PlanTableEmitter.HintName).Append("GeneratedWorkflows.g.cs").OrderBy(k => k, StringComparer.Ordinal),
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
        var table = assembly.PlanTable();
        foreach (var type in assembly.GetTypes().Where(t => t.IsDefined(typeof(WorkflowAttribute), false)))
        {
            var plan = table.PlanOf(type);
            Assert.Equal(WorkflowDefinition.BuildFrom(type), plan);
            Assert.Equal(plan.ToMermaid(), table.MermaidDiagramOf(type));
            Assert.Contains(plan, plans);
        }
    }

    [Fact]
    public void Generated_plan_table_row_equals_the_row_of_the_hand_built_model()
    {
        // The syntax reader's model of the forklift example must carry what the hand-built model
        // carries: its row in the plan table (plan text and diagram) is the same text.
        var (driver, _, _) = CompilationFactory.Run(Examples());
        var row = PlanTableEmitter.Row(ExampleModels.ForkliftSafety());
        string generated = driver.Sources()[PlanTableEmitter.HintName(row.Group)];

        // Each row is "<length>:<text>" inside its file's packed string literal (PlanEncoding.PackRows).
        static string Packed(string text) => CSharpLiteral.String(text.Length + ":" + text)[1..^1];
        Assert.Equal("WorkflowDsl.Examples.Workflows.ForkliftSafety", row.MetadataName);
        Assert.Contains(Packed(row.MetadataName), generated);
        Assert.Contains(Packed(row.PlanText!), generated);
        Assert.Contains(Packed(row.Diagram), generated);
    }
}

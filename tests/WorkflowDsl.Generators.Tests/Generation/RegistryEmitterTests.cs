using Microsoft.Extensions.DependencyInjection;
using WorkflowDsl.Generators.Emit;
using WorkflowDsl.Plan;
using WorkflowDsl.Templates;

namespace WorkflowDsl.Generators.Tests.Generation;

/// <summary>The assembly's GeneratedWorkflows registry.</summary>
public class RegistryEmitterTests
{
    [Fact]
    public void Registry_matches_the_expected_text()
    {
        var model = new RegistryModel(
            new RegistryTarget("WorkflowDsl.Examples", true, true),
            ExampleModels.All().Select(m => PlanTableEmitter.GroupOf(m.FullyQualifiedTypeName)).Distinct().OrderBy(g => g).ToEquatableArray(),
            ExampleModels.ForkliftTemplates().Select(t => new RegistryTemplate(t.Id, t.FullyQualifiedTypeName, t.MethodName)).OrderBy(t => t).ToEquatableArray(),
            Model.EquatableArray<NotGeneratedModel>.Empty);

        ExpectedText.Matches("GeneratedWorkflows.g.cs.txt", RegistryEmitter.Emit(model));
    }

    [Fact]
    public void Registry_lists_the_plans_and_templates_and_registers_them_as_singletons()
    {
        var assembly = CompiledAssembly.Load(WorkflowEmitterTests.CompileExamplesWithEmittedCode(out _));
        var registry = assembly.GetType("WorkflowDsl.Examples.GeneratedWorkflows", throwOnError: true)!;

        var plans = (IReadOnlyList<WorkflowPlan>)assembly.GetStatic(registry.FullName!, "Plans")!;
        var templates = (IReadOnlyList<MessageTemplate>)assembly.GetStatic(registry.FullName!, "Templates")!;
        Assert.Equal(["code-of-conduct", "forklift-safety", "privacy-basics-invitation", "security-awareness"], plans.Select(p => p.Id));
        Assert.Equal(["forklift-invitation", "forklift-nudge", "forklift-hr-digest"], templates.Select(t => t.Id));

        var services = new ServiceCollection();
        var result = registry.GetMethod("AddGeneratedWorkflows")!.Invoke(null, [services]);

        Assert.Same(services, result);
        Assert.Equal(plans, services.Where(d => d.ServiceType == typeof(WorkflowPlan)).Select(d => (WorkflowPlan)d.ImplementationInstance!));
        Assert.Equal(templates, services.Where(d => d.ServiceType == typeof(MessageTemplate)).Select(d => (MessageTemplate)d.ImplementationInstance!));
        Assert.All(services, d => Assert.Equal(ServiceLifetime.Singleton, d.Lifetime));
    }

    [Fact]
    public void Rows_are_grouped_by_file_sorted_by_class_and_kept_once()
    {
        var rows = ExampleModels.All().Select(PlanTableEmitter.Row).ToList();
        var forklift = PlanTableEmitter.Row(ExampleModels.ForkliftSafety());
        // The same class twice with different plans (two [Workflow] attributes on its parts): both kept, in
        // one order whatever the input order; an identical row (the same model read twice) kept once.
        var other = forklift with { PlanText = forklift.PlanText + "x" };
        var input = rows.Concat([forklift, other]).ToList();

        var groups = PlanTableEmitter.Group([.. input]);
        var reversed = PlanTableEmitter.Group([.. Enumerable.Reverse(input)]);

        Assert.Equal(groups, reversed);
        Assert.Equal(groups.Select(g => g.Group).Order(), groups.Select(g => g.Group));
        Assert.All(groups, g => Assert.All(g.Rows, r => Assert.Equal(g.Group, r.Group)));
        Assert.All(groups, g => Assert.Equal(g.Rows.OrderBy(r => r.FullyQualifiedTypeName, StringComparer.Ordinal).Select(r => r.FullyQualifiedTypeName), g.Rows.Select(r => r.FullyQualifiedTypeName)));
        var all = groups.SelectMany(g => g.Rows).ToList();
        Assert.Equal(rows.Count + 1, all.Count);
        Assert.Equal(2, all.Count(r => r.FullyQualifiedTypeName == forklift.FullyQualifiedTypeName));
        Assert.Contains(other, all);
    }

    [Fact]
    public void Plan_table_file_of_the_forklift_example_matches_the_expected_text()
    {
        var row = PlanTableEmitter.Row(ExampleModels.ForkliftSafety());

        ExpectedText.Matches("ForkliftSafety.PlanTable.g.cs.txt", PlanTableEmitter.Emit("WorkflowDsl.Examples", row.Group, new[] { row }.ToEquatableArray()));
    }

    [Fact]
    public void Plan_table_gives_each_class_its_plan_and_diagram_and_builds_not_precompiled_ones_at_start_up()
    {
        var assembly = CompiledAssembly.Load(WorkflowEmitterTests.CompileExamplesWithEmittedCode(out _));
        var table = assembly.PlanTable();

        foreach (var model in ExampleModels.All())
        {
            var type = assembly.GetType(model.FullyQualifiedTypeName.Substring("global::".Length), throwOnError: true)!;
            var expected = WorkflowDefinition.BuildFrom(type);
            Assert.Equal(expected, table.PlanOf(type));
            Assert.Equal(expected.TargetGroup.Filters.Select(f => f.Description), table.PlanOf(type).TargetGroup.Filters.Select(f => f.Description));
            Assert.Equal(expected.ToMermaid(), table.MermaidDiagramOf(type));
        }
        Assert.Same(table.PlanOf(assembly.GetType("WorkflowDsl.Examples.Workflows.ForkliftSafety")!), table.Plans.Single(p => p.Id == "forklift-safety"));
        var notWorkflow = Assert.Throws<ArgumentException>(() => table.PlanOf(typeof(string)));
        Assert.Contains("System.String", notWorkflow.Message);

        // A row without plan text (the generator was not sure of the definition) is built at start-up.
        var forklift = assembly.GetType("WorkflowDsl.Examples.Workflows.ForkliftSafety")!;
        var startUp = new PrecompiledPlanTable([[forklift]], ["-"], ["0:"]);
        Assert.Equal(WorkflowDefinition.BuildFrom(forklift), startUp.PlanOf(forklift));
        Assert.Equal(startUp.PlanOf(forklift).ToMermaid(), startUp.MermaidDiagramOf(forklift));
        // A registry whose groups do not line up fails with a message that says to rebuild.
        Assert.Throws<ArgumentException>(() => new PrecompiledPlanTable([[forklift]], ["-", "-"], ["0:"]));
        var cut = Assert.Throws<InvalidOperationException>(() => new PrecompiledPlanTable([[forklift]], ["--"], ["0:"]));
        Assert.Contains("Rebuild", cut.Message);

        // The generated registry names its classes (Assembly.GetType names, packed like the plans): a name
        // the assembly does not have, or a malformed names string, fails with the name and what to do.
        string name = forklift.FullName!;
        var byName = new PrecompiledPlanTable(assembly, [name.Length + ":" + name], ["-"], ["0:"]);
        Assert.Equal(WorkflowDefinition.BuildFrom(forklift), byName.PlanOf(forklift));
        var renamed = Assert.Throws<InvalidOperationException>(() => new PrecompiledPlanTable(assembly, ["13:Gone.Workflow"], ["-"], ["0:"]));
        Assert.Contains("'Gone.Workflow'", renamed.Message);
        Assert.Contains("Rebuild", renamed.Message);
        Assert.Throws<InvalidOperationException>(() => new PrecompiledPlanTable(assembly, ["99:" + name], ["-"], ["0:"]));
        Assert.Throws<InvalidOperationException>(() => new PrecompiledPlanTable(assembly, ["-"], ["-"], ["0:"]));
        Assert.Throws<ArgumentException>(() => new PrecompiledPlanTable(assembly, [name.Length + ":" + name, "-"], ["-"], ["0:"]));
    }

    [Fact]
    public void Registry_without_dependency_injection_leaves_out_AddGeneratedWorkflows()
    {
        string text = RegistryEmitter.Emit(new RegistryModel(new RegistryTarget("App", true, false),
            Model.EquatableArray<int>.Empty, Model.EquatableArray<RegistryTemplate>.Empty, Model.EquatableArray<NotGeneratedModel>.Empty));

        Assert.DoesNotContain("AddGeneratedWorkflows", text);
        Assert.Empty(CompilationFactory.Problems(CompilationFactory.Create([text])));
    }
}

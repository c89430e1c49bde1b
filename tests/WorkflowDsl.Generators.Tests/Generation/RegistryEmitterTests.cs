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
            ExampleModels.All().Select(m => new RegistryWorkflow(m.Id, m.FullyQualifiedTypeName)).OrderBy(m => m).ToEquatableArray(),
            ExampleModels.ForkliftTemplates().Select(t => new RegistryTemplate(t.Id, t.FullyQualifiedTypeName, t.MethodName)).OrderBy(t => t).ToEquatableArray());

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
    public void Registry_without_dependency_injection_leaves_out_AddGeneratedWorkflows()
    {
        string text = RegistryEmitter.Emit(new RegistryModel(new RegistryTarget("App", true, false),
            Model.EquatableArray<RegistryWorkflow>.Empty, Model.EquatableArray<RegistryTemplate>.Empty));

        Assert.DoesNotContain("AddGeneratedWorkflows", text);
        Assert.Empty(CompilationFactory.Problems(CompilationFactory.Create([text])));
    }
}

using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using WorkflowDsl.Examples;
using WorkflowDsl.Examples.Workflows;
using WorkflowDsl.Plan;
using WorkflowDsl.Templates;

namespace WorkflowDsl.Examples.Tests;

/// <summary>The plans the source generator compiled into the example project are the plans the
/// run-time builder makes from the same definitions.</summary>
public class GeneratedPlanTests
{
    /// <summary>Each example workflow with its plan and diagram from the generated registry.</summary>
    public static TheoryData<Type, WorkflowPlan, string> Examples() => new()
    {
        { typeof(PrivacyBasicsInvitation), GeneratedWorkflows.PlanOf(typeof(PrivacyBasicsInvitation)), GeneratedWorkflows.MermaidDiagramOf(typeof(PrivacyBasicsInvitation)) },
        { typeof(CodeOfConduct), GeneratedWorkflows.PlanOf(typeof(CodeOfConduct)), GeneratedWorkflows.MermaidDiagramOf(typeof(CodeOfConduct)) },
        { typeof(SecurityAwareness), GeneratedWorkflows.PlanOf(typeof(SecurityAwareness)), GeneratedWorkflows.MermaidDiagramOf(typeof(SecurityAwareness)) },
        { typeof(ForkliftSafety), GeneratedWorkflows.PlanOf(typeof(ForkliftSafety)), GeneratedWorkflows.MermaidDiagramOf(typeof(ForkliftSafety)) },
    };

    [Theory]
    [MemberData(nameof(Examples))]
    public void Generated_plan_equals_the_run_time_builders_plan(Type workflow, WorkflowPlan plan, string diagram)
    {
        var expected = WorkflowDefinition.BuildFrom(workflow);

        Assert.Equal(expected, plan);
        Assert.Equal(expected.TargetGroup.Filters.Select(f => f.Description), plan.TargetGroup.Filters.Select(f => f.Description));
        Assert.Equal(workflow.GetCustomAttribute<WorkflowAttribute>()!.Id, plan.Id);
        Assert.Equal(plan.ToMermaid(), diagram);
    }

    [Fact]
    public void The_registry_hands_out_one_plan_object_per_workflow()
    {
        Assert.Same(GeneratedWorkflows.PlanOf(typeof(ForkliftSafety)), GeneratedWorkflows.Plans.Single(p => p.Id == "forklift-safety"));
        Assert.Same(GeneratedWorkflows.PlanOf(typeof(ForkliftSafety)), GeneratedWorkflows.PlanOf(typeof(ForkliftSafety)));
    }

    [Fact]
    public void Asking_the_registry_for_a_class_that_is_not_a_workflow_names_it_and_says_what_to_do()
    {
        var error = Assert.Throws<ArgumentException>(() => GeneratedWorkflows.PlanOf(typeof(GeneratedPlanTests)));

        Assert.Contains(typeof(GeneratedPlanTests).FullName!, error.Message);
        Assert.Contains("[Workflow(", error.Message);
    }

    [Fact]
    public void Every_workflow_class_of_the_examples_is_covered_and_in_the_registry()
    {
        var workflowTypes = typeof(ForkliftSafety).Assembly.GetTypes().Where(t => t.IsDefined(typeof(WorkflowAttribute), false)).ToList();

        Assert.Equal(workflowTypes.OrderBy(t => t.Name), Examples().Select(row => (Type)row[0]).OrderBy(t => t.Name));
        Assert.Equal(
            ["code-of-conduct", "forklift-safety", "privacy-basics-invitation", "security-awareness"],
            GeneratedWorkflows.Plans.Select(p => p.Id));
        Assert.Equal(workflowTypes.Select(WorkflowDefinition.BuildFrom).OrderBy(p => p.Id, StringComparer.Ordinal), GeneratedWorkflows.Plans);
    }

    [Fact]
    public void Registry_lists_the_code_defined_templates_built_with_their_ids()
    {
        Assert.Equal(
            [ForkliftTemplates.HrDigestId, ForkliftTemplates.InvitationId, ForkliftTemplates.NudgeId],
            GeneratedWorkflows.Templates.Select(t => t.Id));
        Assert.Equal(ForkliftTemplates.Nudge().Build(ForkliftTemplates.NudgeId), GeneratedWorkflows.Templates.Single(t => t.Id == ForkliftTemplates.NudgeId));
    }

    [Fact]
    public void AddGeneratedWorkflows_registers_every_plan_and_template_as_a_singleton()
    {
        using var provider = new ServiceCollection().AddGeneratedWorkflows().BuildServiceProvider();

        Assert.Equal(GeneratedWorkflows.Plans, provider.GetServices<WorkflowPlan>());
        Assert.Equal(GeneratedWorkflows.Templates, provider.GetServices<MessageTemplate>());
        Assert.Same(provider.GetServices<WorkflowPlan>().First(), provider.GetServices<WorkflowPlan>().First());
    }
}

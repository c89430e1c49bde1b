using WorkflowDsl.Plan;
using WorkflowDsl.Templates;

namespace WorkflowDsl.Dispatch.Dispatching;

/// <summary>The workflows and message templates the dispatcher renders messages of.</summary>
public sealed class WorkflowCatalog
{
    /// <summary>Creates the catalog.</summary>
    /// <param name="plans">The application's workflow plans (such as <c>GeneratedWorkflows.Plans</c>).</param>
    /// <param name="templates">The message templates; the built-in ones when null.</param>
    /// <param name="notGenerated">The workflows the generator did not generate (<c>GeneratedWorkflows.NotGenerated</c>).</param>
    public WorkflowCatalog(IEnumerable<WorkflowPlan> plans, IEnumerable<MessageTemplate>? templates = null, IEnumerable<NotGeneratedWorkflow>? notGenerated = null)
    {
        Plans = plans.ToDictionary(p => p.Id, StringComparer.Ordinal);
        Templates = (templates ?? BuiltInTemplates.All).ToDictionary(t => t.Id, StringComparer.Ordinal);
        NotGenerated = (notGenerated ?? []).Where(n => n.Id.Length > 0).GroupBy(n => n.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
    }

    /// <summary>Workflows that were not generated because their definitions have errors, by workflow id.</summary>
    public IReadOnlyDictionary<string, NotGeneratedWorkflow> NotGenerated { get; }

    /// <summary>Plans by workflow id.</summary>
    public IReadOnlyDictionary<string, WorkflowPlan> Plans { get; }

    /// <summary>Templates by id.</summary>
    public IReadOnlyDictionary<string, MessageTemplate> Templates { get; }
}

using WorkflowDsl.Plan;
using WorkflowDsl.Templates;

namespace WorkflowDsl.Dispatch.Dispatching;

/// <summary>The workflows and message templates the dispatcher renders messages of.</summary>
public sealed class WorkflowCatalog
{
    /// <summary>Creates the catalog.</summary>
    /// <param name="plans">The application's workflow plans (such as <c>GeneratedWorkflows.Plans</c>).</param>
    /// <param name="templates">The message templates; the built-in ones when null.</param>
    public WorkflowCatalog(IEnumerable<WorkflowPlan> plans, IEnumerable<MessageTemplate>? templates = null)
    {
        Plans = plans.ToDictionary(p => p.Id, StringComparer.Ordinal);
        Templates = (templates ?? BuiltInTemplates.All).ToDictionary(t => t.Id, StringComparer.Ordinal);
    }

    /// <summary>Plans by workflow id.</summary>
    public IReadOnlyDictionary<string, WorkflowPlan> Plans { get; }

    /// <summary>Templates by id.</summary>
    public IReadOnlyDictionary<string, MessageTemplate> Templates { get; }
}

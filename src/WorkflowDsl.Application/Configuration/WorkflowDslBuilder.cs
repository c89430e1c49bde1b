using WorkflowDsl.Plan;
using WorkflowDsl.Templates;

namespace WorkflowDsl.Application.Configuration;

/// <summary>What an application adds to <c>AddWorkflowDsl</c> in code: its workflows (the generated
/// registry, <c>GeneratedWorkflows.Plans</c>) and its message templates (<c>GeneratedWorkflows.Templates</c>).
/// Templates add to the built-in ones; replacing a built-in template is explicit (<see cref="OverrideTemplate"/>).</summary>
public sealed class WorkflowDslBuilder
{
    private readonly List<WorkflowPlan> _workflows = [];
    private readonly List<NotGeneratedWorkflow> _notGenerated = [];
    private readonly Dictionary<string, MessageTemplate> _templates = BuiltInTemplates.All.ToDictionary(t => t.Id, StringComparer.Ordinal);
    private readonly HashSet<string> _builtIn = new(BuiltInTemplates.All.Select(t => t.Id), StringComparer.Ordinal);

    /// <summary>Adds workflows (such as <c>GeneratedWorkflows.Plans</c>).</summary>
    /// <exception cref="ArgumentException">Two workflows have the same id.</exception>
    public WorkflowDslBuilder AddWorkflows(IEnumerable<WorkflowPlan> plans)
    {
        foreach (var plan in plans)
        {
            if (_workflows.Any(w => w.Id == plan.Id))
                throw new ArgumentException($"Workflow id '{plan.Id}' is added twice: workflow ids are unique in an application; rename one of them.", nameof(plans));
            _workflows.Add(plan);
        }
        return this;
    }

    /// <summary>Adds a generated registry's workflows (<c>GeneratedWorkflows.PlanTable</c>): its plans, and the
    /// workflows it did not generate because their definitions have (suppressed) errors, so that looking one of
    /// those up says why instead of "not found".</summary>
    /// <exception cref="ArgumentException">Two workflows have the same id.</exception>
    public WorkflowDslBuilder AddWorkflows(PrecompiledPlanTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        AddWorkflows(table.Plans);
        return AddNotGenerated(table.NotGenerated);
    }

    /// <summary>Adds workflows the generator did not generate (such as <c>GeneratedWorkflows.NotGenerated</c>).</summary>
    public WorkflowDslBuilder AddNotGenerated(IEnumerable<NotGeneratedWorkflow> workflows)
    {
        ArgumentNullException.ThrowIfNull(workflows);
        _notGenerated.AddRange(workflows);
        return this;
    }

    /// <summary>Adds message templates (such as <c>GeneratedWorkflows.Templates</c>) to the built-in ones.</summary>
    /// <exception cref="ArgumentException">A template has the id of a built-in or already added template: use <see cref="OverrideTemplate"/> to replace a built-in one.</exception>
    public WorkflowDslBuilder AddTemplates(IEnumerable<MessageTemplate> templates)
    {
        foreach (var template in templates)
        {
            if (_templates.ContainsKey(template.Id))
                throw new ArgumentException(_builtIn.Contains(template.Id)
                    ? $"Template id '{template.Id}' is a built-in template: give yours another id, or replace the built-in one explicitly with OverrideTemplate."
                    : $"Template id '{template.Id}' is added twice: template ids are unique in an application.", nameof(templates));
            _templates.Add(template.Id, template);
        }
        return this;
    }

    /// <summary>Replaces a built-in template with the application's own version.</summary>
    /// <exception cref="ArgumentException">The id is not a built-in template's.</exception>
    public WorkflowDslBuilder OverrideTemplate(MessageTemplate template)
    {
        if (!_builtIn.Contains(template.Id))
            throw new ArgumentException($"Template id '{template.Id}' is not a built-in template, so there is nothing to override: add it with AddTemplates.", nameof(template));
        _templates[template.Id] = template;
        return this;
    }

    internal IReadOnlyList<WorkflowPlan> Workflows => _workflows;

    internal IReadOnlyList<NotGeneratedWorkflow> NotGenerated => _notGenerated;

    internal IReadOnlyCollection<MessageTemplate> Templates => _templates.Values;
}

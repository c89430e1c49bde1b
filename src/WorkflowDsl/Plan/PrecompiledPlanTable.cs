using System.Reflection;
using WorkflowDsl.Rules;

namespace WorkflowDsl.Plan;

/// <summary>The plans of one assembly's <c>[Workflow]</c> classes as the source generator wrote them into
/// its <c>GeneratedWorkflows</c> registry: for each class, its type, its plan text (see
/// <see cref="PrecompiledPlan"/>) and its Mermaid diagram. Decoded on first use. The classes are
/// named in the generated code as strings and found by name in the assembly (1,000 <c>typeof</c>s cost the
/// compiler several percent of a build), so publishing with trimming must keep the workflow classes, as it
/// must keep their <c>Define()</c> methods, which the table invokes by reflection for the target group. Generated code creates
/// it; you use it through <c>GeneratedWorkflows.Plans</c> and <c>GeneratedWorkflows.PlanOf(typeof(MyWorkflow))</c>.</summary>
/// <remarks>The generator groups the classes into a few groups (one per generated file, by a stable
/// hash of the class name) so that editing one workflow rewrites one small file. A null plan text means
/// the generator could not read that definition at compile time: its plan is built here by the run-time
/// builder (<see cref="WorkflowDefinition.BuildFrom"/>), with the same result, and its diagram computed
/// from the plan.</remarks>
public sealed class PrecompiledPlanTable
{
    private readonly Lazy<Dictionary<Type, Entry>> _byType;
    private readonly Lazy<IReadOnlyList<WorkflowPlan>> _plans;

    /// <summary>Creates the table from the generated groups; group <c>i</c> of each argument describes the same classes.</summary>
    /// <param name="assembly">The assembly whose generated registry this is; its classes are found in it by name.</param>
    /// <param name="packedTypeNames">The workflow classes' names as <see cref="Assembly.GetType(string)"/> takes them
    /// (<c>Ns.Outer+Inner</c>), per group, packed by <see cref="PlanEncoding.PackRows"/>.</param>
    /// <param name="packedPlanTexts">Their plan texts (a null row: built at start-up), per group, packed the same way.</param>
    /// <param name="packedDiagrams">Their Mermaid diagrams ("" when the plan text is null), per group, packed the same way.</param>
    /// <exception cref="ArgumentException">The groups do not line up.</exception>
    /// <exception cref="InvalidOperationException">A packed string is malformed, or names a class the assembly does not have.</exception>
    public PrecompiledPlanTable(Assembly assembly, string[] packedTypeNames, string[] packedPlanTexts, string[] packedDiagrams)
        : this(ResolveTypes(assembly, packedTypeNames, packedPlanTexts, packedDiagrams), packedPlanTexts, packedDiagrams)
    {
    }

    /// <summary>Creates the table from the generated groups and the classes the generator did not generate.</summary>
    /// <param name="assembly">The assembly whose generated registry this is; its classes are found in it by name.</param>
    /// <param name="packedTypeNames">The workflow classes' names, per group (see the other constructor).</param>
    /// <param name="packedPlanTexts">Their plan texts, per group.</param>
    /// <param name="packedDiagrams">Their Mermaid diagrams, per group.</param>
    /// <param name="notGenerated">The <c>[Workflow]</c> classes whose definitions have errors, so they have no plan.</param>
    /// <exception cref="ArgumentException">The groups do not line up.</exception>
    /// <exception cref="InvalidOperationException">A packed string is malformed, or names a class the assembly does not have.</exception>
    public PrecompiledPlanTable(Assembly assembly, string[] packedTypeNames, string[] packedPlanTexts, string[] packedDiagrams, NotGeneratedWorkflow[] notGenerated)
        : this(assembly, packedTypeNames, packedPlanTexts, packedDiagrams)
    {
        ArgumentNullException.ThrowIfNull(notGenerated);
        NotGenerated = notGenerated;
    }

    /// <summary>Creates the table from groups of classes given as types; group <c>i</c> of each argument describes the same classes.</summary>
    /// <param name="types">The workflow classes, per group.</param>
    /// <param name="packedPlanTexts">Their plan texts (a null row: built at start-up), per group, packed by <see cref="PlanEncoding.PackRows"/>.</param>
    /// <param name="packedDiagrams">Their Mermaid diagrams ("" when the plan text is null), per group, packed the same way.</param>
    /// <exception cref="ArgumentException">The groups do not line up.</exception>
    /// <exception cref="InvalidOperationException">A packed string does not hold one row per class of its group.</exception>
    public PrecompiledPlanTable(Type[][] types, string[] packedPlanTexts, string[] packedDiagrams)
    {
        ArgumentNullException.ThrowIfNull(types);
        CheckGroups(types.Length, packedPlanTexts, packedDiagrams);
        // Unpacked here, so a registry that does not line up fails when it is first used, not later.
        var planTexts = new string?[types.Length][];
        var diagrams = new string[types.Length][];
        for (int g = 0; g < types.Length; g++)
        {
            planTexts[g] = PlanEncoding.UnpackRows(packedPlanTexts[g], types[g].Length);
            diagrams[g] = PlanEncoding.UnpackRows(packedDiagrams[g], types[g].Length).Select(d => d ?? "").ToArray();
        }
        _byType = new Lazy<Dictionary<Type, Entry>>(() => Decode(types, planTexts, diagrams));
        _plans = new Lazy<IReadOnlyList<WorkflowPlan>>(() => _byType.Value.Values
            .OrderBy(e => e.Plan.Id, StringComparer.Ordinal).ThenBy(e => e.Type.FullName, StringComparer.Ordinal)
            .Select(e => e.Plan).ToArray());
    }

    private static void CheckGroups(int groups, string[] packedPlanTexts, string[] packedDiagrams)
    {
        ArgumentNullException.ThrowIfNull(packedPlanTexts);
        ArgumentNullException.ThrowIfNull(packedDiagrams);
        if (groups != packedPlanTexts.Length || groups != packedDiagrams.Length)
            throw new ArgumentException($"The generated registry has {groups} type groups, {packedPlanTexts.Length} plan-text groups and {packedDiagrams.Length} diagram groups; rebuild the project so the WorkflowDsl source generator writes them again.", nameof(packedPlanTexts));
    }

    /// <summary>The classes the generated names stand for, found in the registry's own assembly (a lookup by
    /// name, not a scan of the assembly's types).</summary>
    private static Type[][] ResolveTypes(Assembly assembly, string[] packedTypeNames, string[] packedPlanTexts, string[] packedDiagrams)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        ArgumentNullException.ThrowIfNull(packedTypeNames);
        CheckGroups(packedTypeNames.Length, packedPlanTexts, packedDiagrams);
        var types = new Type[packedTypeNames.Length][];
        for (int g = 0; g < packedTypeNames.Length; g++)
        {
            var names = PlanEncoding.UnpackRows(packedTypeNames[g]);
            types[g] = new Type[names.Length];
            for (int i = 0; i < names.Length; i++)
            {
                string name = names[i] ?? throw new InvalidOperationException(
                    $"A generated class-name string of the GeneratedWorkflows registry of assembly '{assembly.GetName().Name}' has an empty row. {PlanEncoding.Rebuild}");
                types[g][i] = assembly.GetType(name, throwOnError: false, ignoreCase: false) ?? throw new InvalidOperationException(
                    $"The GeneratedWorkflows registry of assembly '{assembly.GetName().Name}' names workflow class '{name}', which the assembly does not contain " +
                    $"(was it renamed or removed after the code was generated, or trimmed away when publishing?). {PlanEncoding.Rebuild}");
            }
        }
        return types;
    }

    /// <summary>The <c>[Workflow]</c> classes of the assembly that were not generated because their definitions have
    /// errors (suppressed, or the build would have failed), with the ids of those errors.</summary>
    public IReadOnlyList<NotGeneratedWorkflow> NotGenerated { get; } = [];

    /// <summary>Every plan, sorted by workflow id.</summary>
    public IReadOnlyList<WorkflowPlan> Plans => _plans.Value;

    /// <summary>The plan of a <c>[Workflow]</c> class of this assembly.</summary>
    /// <exception cref="ArgumentException">The class is not one of this registry's workflows.</exception>
    /// <exception cref="InvalidOperationException">The class is a <c>[Workflow]</c> class that was not generated
    /// (<see cref="NotGenerated"/>); the message names the errors that stopped it.</exception>
    public WorkflowPlan PlanOf(Type workflowClass) => Find(workflowClass).Plan;

    /// <summary>The Mermaid flowchart of a <c>[Workflow]</c> class's steps, as the generator wrote it.</summary>
    /// <exception cref="ArgumentException">The class is not one of this registry's workflows.</exception>
    /// <exception cref="InvalidOperationException">The class was not generated (<see cref="NotGenerated"/>).</exception>
    public string MermaidDiagramOf(Type workflowClass) => Find(workflowClass).Diagram;

    private Entry Find(Type workflowClass)
    {
        ArgumentNullException.ThrowIfNull(workflowClass);
        if (_byType.Value.TryGetValue(workflowClass, out var entry)) return entry;
        if (NotGenerated.FirstOrDefault(n => n.IsClass(workflowClass)) is { } notGenerated) throw new InvalidOperationException(notGenerated.Message);
        throw new ArgumentException(
            $"Type '{workflowClass.FullName}' is not a [Workflow] class of this assembly's generated registry: mark it [Workflow(\"kebab-id\")], " +
            "make it a non-generic partial class the assembly can see (private nested classes are not in the registry), and rebuild.", nameof(workflowClass));
    }

    private static Dictionary<Type, Entry> Decode(Type[][] types, string?[][] planTexts, string[][] diagrams)
    {
        var result = new Dictionary<Type, Entry>();
        for (int g = 0; g < types.Length; g++)
        {
            for (int i = 0; i < types[g].Length; i++)
            {
                var type = types[g][i];
                string? text = planTexts[g][i];
                WorkflowPlan plan;
                string diagram;
                if (text is null)
                {
                    plan = WorkflowDefinition.BuildFrom(type);
                    diagram = plan.ToMermaid();
                }
                else
                {
                    plan = PrecompiledPlan.Decode(text, () => InvokeDefine(type));
                    diagram = diagrams[g][i];
                }
                result[type] = new Entry(type, plan, diagram);
            }
        }
        return result;
    }

    private static WorkflowDefinition InvokeDefine(Type type)
    {
        var define = WorkflowDefinition.FindDefine(type)
            ?? throw new InvalidOperationException($"Workflow class '{type.FullName}' has no static parameterless Define() method; rebuild the project.");
        try
        {
            return (WorkflowDefinition)define.Invoke(null, null)!;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw new InvalidOperationException($"Define() of workflow class '{type.FullName}' threw while building its target group: {e.InnerException.Message}", e.InnerException);
        }
    }

    private sealed record Entry(Type Type, WorkflowPlan Plan, string Diagram);
}

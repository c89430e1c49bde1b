using WorkflowDsl.Rules;

namespace WorkflowDsl.Plan;

/// <summary>Turns the plan text the source generator writes into each <c>[Workflow]</c> class back
/// into a <see cref="WorkflowPlan"/>. Generated code calls it; you do not need to.</summary>
/// <remarks>The generator validates the definition at compile time and writes the plan, without its
/// target group, as one compact string (<see cref="PlanEncoding"/>): one string constant compiles far
/// faster than the code that would build the plan. The target group's filters are expression trees
/// written by the user, so when the workflow has a target group it comes from the class's own
/// <c>Define()</c> at start-up.</remarks>
public static class PrecompiledPlan
{
    /// <summary>Decodes a generated plan text.</summary>
    /// <param name="text">The text the source generator wrote.</param>
    /// <param name="define">The workflow class's <c>Define()</c>, called once for the target group when the
    /// text says the workflow has one; null when it has none.</param>
    /// <returns>The plan; equal to the one <see cref="WorkflowDefinition.Build"/> makes from <c>Define()</c>.</returns>
    /// <exception cref="InvalidOperationException">The text is malformed or from another WorkflowDsl version
    /// (rebuild the project), or it says the workflow has a target group and <paramref name="define"/> is null.</exception>
    public static WorkflowPlan Decode(string text, Func<WorkflowDefinition>? define)
    {
        var shape = PlanEncoding.Decode(text);
        var targetGroup = TargetGroupPlan.Default;
        if (shape.HasTargetGroup)
        {
            if (define is null)
            {
                throw new InvalidOperationException(
                    $"The generated plan of workflow '{shape.Id}' has a target group, which comes from its Define() method, but no Define() was given. " +
                    PlanEncoding.Rebuild);
            }
            targetGroup = define().ConfiguredTargetGroup;
        }
        var steps = shape.Steps.Select(s => PlanStep.From(s, s.ExplicitKey ?? ""));
        return new WorkflowPlan(shape.Id, shape.Name, shape.Description, new ValueList<string>(shape.Contents), new ValueList<string>(shape.Labels),
            shape.Owner, targetGroup, new ValueList<PlanStep>(steps), shape.Cron is null ? null : new SchedulePlan(shape.Cron, shape.TimeZone ?? ""));
    }
}

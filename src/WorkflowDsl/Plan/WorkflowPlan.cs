using WorkflowDsl.Rules;

namespace WorkflowDsl.Plan;

/// <summary>The precompiled, engine-neutral plan of one workflow: identity, contents, target group,
/// steps with stable keys, and schedule. The source generator emits one per <c>[Workflow]</c>; the
/// run-time builder (<see cref="WorkflowDefinition.Build"/>) yields an equal one.</summary>
/// <param name="Id">Stable kebab-case id.</param>
/// <param name="Name">Display name.</param>
/// <param name="Description">Short description (may be empty).</param>
/// <param name="Contents">Content ids the workflow invites to (at least one).</param>
/// <param name="Labels">Permission labels.</param>
/// <param name="Owner">The owning administrator's id, whose scope limits the target group, or null.</param>
/// <param name="TargetGroup">Who the workflow targets.</param>
/// <param name="Steps">The activities, in order.</param>
/// <param name="Schedule">When scheduled runs happen, or null for manual runs only.</param>
public sealed record WorkflowPlan(
    string Id,
    string Name,
    string Description,
    ValueList<string> Contents,
    ValueList<string> Labels,
    string? Owner,
    TargetGroupPlan TargetGroup,
    ValueList<PlanStep> Steps,
    SchedulePlan? Schedule)
{
    /// <summary>The step with the given key, or null.</summary>
    public PlanStep? FindStep(string key) => Steps.FirstOrDefault(s => s.Key == key);

    /// <summary>The steps as a Mermaid flowchart (the same text the generator emits).</summary>
    public string ToMermaid() =>
        MermaidDiagram.Render(Name, Steps.Select(s => s.ToShape()).ToList(), Steps.Select(s => s.Key).ToList());
}

/// <summary>A step of a plan, identified by a key that stays stable when other steps change.</summary>
/// <param name="Key">The step's stable kebab-case key.</param>
public abstract record PlanStep(string Key)
{
    /// <summary>What kind of step this is.</summary>
    public abstract StepKind Kind { get; }

    internal abstract StepShape ToShape();

    /// <summary>The plan step for a step shape with its resolved key: the run-time builder and the
    /// decoder of generated plan texts both make steps here.</summary>
    internal static PlanStep From(StepShape shape, string key) => shape.Kind switch
    {
        StepKind.Message => new MessageStep(key, shape.Recipient, shape.Channels, shape.TemplateId ?? ""),
        StepKind.Delay => new DelayStep(key, TimeSpan.FromTicks(shape.DurationTicks)),
        _ => new DelayAndRepeatStep(key, TimeSpan.FromTicks(shape.DurationTicks), shape.Times),
    };
}

/// <summary>Send a message.</summary>
/// <param name="Key">Stable key.</param>
/// <param name="Recipient">User, manager or HR partner (the latter two get one digest per run).</param>
/// <param name="Channels">One or more channels.</param>
/// <param name="TemplateId">The message template's id.</param>
public sealed record MessageStep(string Key, Recipient Recipient, Channel Channels, string TemplateId) : PlanStep(Key)
{
    /// <inheritdoc/>
    public override StepKind Kind => StepKind.Message;
    internal override StepShape ToShape() => StepShape.Message("plan", Key, Recipient, Channels, TemplateId);
}

/// <summary>Give the user time, counted from the last message this workflow sent them.</summary>
/// <param name="Key">Stable key.</param>
/// <param name="Duration">How long (positive).</param>
public sealed record DelayStep(string Key, TimeSpan Duration) : PlanStep(Key)
{
    /// <inheritdoc/>
    public override StepKind Kind => StepKind.Delay;
    internal override StepShape ToShape() => StepShape.Delay("plan", Key, Duration.Ticks);
}

/// <summary>Like <see cref="DelayStep"/>, but when the time is up the previous message is sent again,
/// <paramref name="Times"/> times, before the user moves on.</summary>
/// <param name="Key">Stable key.</param>
/// <param name="Duration">How long each wait lasts (positive).</param>
/// <param name="Times">How many repeats (1..10).</param>
public sealed record DelayAndRepeatStep(string Key, TimeSpan Duration, int Times) : PlanStep(Key)
{
    /// <inheritdoc/>
    public override StepKind Kind => StepKind.DelayAndRepeat;
    internal override StepShape ToShape() => StepShape.DelayAndRepeat("plan", Key, Duration.Ticks, Times);
}

/// <summary>When scheduled runs happen.</summary>
/// <param name="Cron">Five-field cron expression, such as "0 8 * * MON-FRI".</param>
/// <param name="TimeZone">IANA time-zone id the cron expression is read in.</param>
public sealed record SchedulePlan(string Cron, string TimeZone);

using WorkflowDsl.Plan;
using WorkflowDsl.Rules;
using WorkflowDsl.Templates;

namespace WorkflowDsl;

/// <summary>A workflow being defined: identity, contents, target group, steps and schedule. Each
/// method returns a new definition, so a chain reads top to bottom as the workflow runs. Start with
/// <see cref="Workflow.Named"/> or one of the seed templates on <see cref="Workflow"/>.</summary>
public sealed class WorkflowDefinition
{
    private readonly string _name;
    private readonly string _description;
    private readonly string[] _contents;
    private readonly string[] _labels;
    private readonly string? _owner;
    private readonly TargetGroupPlan _targetGroup;
    private readonly StepShape[] _steps;
    private readonly SchedulePlan? _schedule;

    private WorkflowDefinition(string name, string description, string[] contents, string[] labels, string? owner,
        TargetGroupPlan targetGroup, StepShape[] steps, SchedulePlan? schedule)
    {
        _name = name;
        _description = description;
        _contents = contents;
        _labels = labels;
        _owner = owner;
        _targetGroup = targetGroup;
        _steps = steps;
        _schedule = schedule;
    }

    internal static WorkflowDefinition Start(string name) =>
        new(name, "", [], [], null, TargetGroupPlan.Default, [], null);

    private WorkflowDefinition With(string? description = null, string[]? contents = null, string[]? labels = null, string? owner = null,
        TargetGroupPlan? targetGroup = null, StepShape[]? steps = null, SchedulePlan? schedule = null) =>
        new(_name, description ?? _description, contents ?? _contents, labels ?? _labels, owner ?? _owner,
            targetGroup ?? _targetGroup, steps ?? _steps, schedule ?? _schedule);

    private WorkflowDefinition AddStep(StepShape step) => With(steps: [.. _steps, step]);

    // Identity
    /// <summary>Sets the short description.</summary>
    public WorkflowDefinition Describe(string description) => With(description: description);

    /// <summary>Sets the contents (one or more content ids) the workflow invites to and reminds about.</summary>
    public WorkflowDefinition ForContents(params string[] contentIds) => With(contents: contentIds);

    /// <summary>Sets the permission labels: administrators holding one of them may see and operate the workflow.</summary>
    public WorkflowDefinition Labels(params string[] labels) => With(labels: labels);

    /// <summary>Sets the owning administrator, whose scope limits the target group.</summary>
    public WorkflowDefinition OwnedBy(string ownerId) => With(owner: ownerId);

    /// <summary>Defines the target group, starting from the defaults (all users, completed and inactive excluded).</summary>
    public WorkflowDefinition TargetGroup(Func<TargetGroup, TargetGroup> configure) =>
        With(targetGroup: WorkflowDsl.TargetGroup.Build(configure));

    /// <summary>The target group configured so far: the one <see cref="TargetGroup"/> built, or
    /// <see cref="TargetGroupPlan.Default"/> when it was not called. Precompiled plans take their target
    /// group from here, since its filters are expression trees only the definition can make.</summary>
    public TargetGroupPlan ConfiguredTargetGroup => _targetGroup;

    /// <summary>Runs the workflow on a schedule.</summary>
    /// <param name="cron">Five-field cron expression, such as "0 8 * * MON-FRI".</param>
    /// <param name="timeZone">IANA time-zone id, such as "Europe/Helsinki".</param>
    public WorkflowDefinition Schedule(string cron, string timeZone) => With(schedule: new SchedulePlan(cron, timeZone));

    // Steps
    /// <summary>Sends the target user an invitation (the built-in invitation template unless another is named).</summary>
    public WorkflowDefinition Invite(Channel channels, string template = BuiltInTemplates.InvitationId, string? key = null) =>
        AddStep(StepCatalog.Verb(nameof(Invite)).Make(key, default, channels, template, 0, 0));

    /// <summary>Sends the target user a reminder (the built-in reminder template unless another is named).</summary>
    public WorkflowDefinition Remind(Channel channels, string template = BuiltInTemplates.ReminderId, string? key = null) =>
        AddStep(StepCatalog.Verb(nameof(Remind)).Make(key, default, channels, template, 0, 0));

    /// <summary>Sends each manager one digest per run listing their users who reached this step.</summary>
    public WorkflowDefinition RemindManager(Channel channels, string template = BuiltInTemplates.ManagerNotificationId, string? key = null) =>
        AddStep(StepCatalog.Verb(nameof(RemindManager)).Make(key, default, channels, template, 0, 0));

    /// <summary>Sends each HR business partner one digest per run listing their users who reached this step.</summary>
    public WorkflowDefinition NotifyHrPartner(Channel channels, string template = BuiltInTemplates.ManagerNotificationId, string? key = null) =>
        AddStep(StepCatalog.Verb(nameof(NotifyHrPartner)).Make(key, default, channels, template, 0, 0));

    /// <summary>Sends a message with any template to any recipient.</summary>
    public WorkflowDefinition Message(Recipient recipient, Channel channels, string template, string? key = null) =>
        AddStep(StepCatalog.Verb(nameof(Message)).Make(key, recipient, channels, template, 0, 0));

    /// <summary>Gives users <paramref name="duration"/>, counted from the last message, before the next step.</summary>
    public WorkflowDefinition Wait(TimeSpan duration, string? key = null) =>
        AddStep(StepCatalog.Verb(nameof(Wait)).Make(key, default, default, null, duration.Ticks, 0));

    /// <summary>Waits <paramref name="duration"/>, then repeats the previous message, <paramref name="times"/>
    /// times (1..10); after the last repeat and one more wait, moves on.</summary>
    public WorkflowDefinition WaitAndRepeat(TimeSpan duration, int times, string? key = null) =>
        AddStep(StepCatalog.Verb(nameof(WaitAndRepeat)).Make(key, default, default, null, duration.Ticks, times));

    /// <summary>Removes the step with the given key (as <see cref="Build"/> would derive it), for
    /// example a step that a seed template added.</summary>
    /// <exception cref="ArgumentException">No step has that key.</exception>
    public WorkflowDefinition RemoveStep(string key)
    {
        var steps = DefinitionRules.RemoveStep(_steps, key)
            ?? throw new ArgumentException($"No step has key '{key}'. The steps' keys are: {string.Join(", ", DefinitionRules.DeriveKeys(_steps))}.", nameof(key));
        return With(steps: [.. steps]);
    }

    /// <summary>Checks the definition and returns every problem, warnings included.</summary>
    public IReadOnlyList<RuleViolation> Validate(string id)
    {
        var problems = new List<RuleViolation>();
        problems.AddRange(DefinitionRules.CheckWorkflowId(id));
        problems.AddRange(DefinitionRules.CheckContents(_contents));
        problems.AddRange(DefinitionRules.CheckSteps(_steps));
        if (_schedule is not null)
        {
            if (CronSyntax.Validate(_schedule.Cron) is { } cronError)
                problems.Add(new RuleViolation(RuleIds.InvalidCron, true, -1, "cron", cronError));
            if (!IanaTimeZones.IsKnown(_schedule.TimeZone))
                problems.Add(new RuleViolation(RuleIds.UnknownTimeZone, true, -1, "timeZone",
                    $"Time zone '{_schedule.TimeZone}' is not an IANA time-zone id: use one such as \"Europe/Helsinki\" or \"UTC\"."));
        }
        return problems;
    }

    /// <summary>Builds the plan, as the source generator would.</summary>
    /// <param name="id">The workflow's id (the <see cref="WorkflowAttribute"/> id).</param>
    /// <exception cref="WorkflowDefinitionException">The definition breaks a rule (warnings do not throw).</exception>
    public WorkflowPlan Build(string id)
    {
        var errors = Validate(id).Where(v => v.IsError).Select(v => v.ToString()).ToList();
        if (errors.Count > 0) throw new WorkflowDefinitionException(id, errors);
        var keys = DefinitionRules.DeriveKeys(_steps);
        var steps = _steps.Select((s, i) => PlanStep.From(s, keys[i]));
        return new WorkflowPlan(id, _name, _description, new ValueList<string>(_contents), new ValueList<string>(_labels), _owner,
            _targetGroup, new ValueList<PlanStep>(steps), _schedule);
    }

    /// <summary>Builds the plan of a <c>[Workflow]</c> class by calling its <c>Define()</c> method
    /// (reflection; used where the generated plan is not wanted, such as tests comparing the two).</summary>
    public static WorkflowPlan BuildFrom(Type workflowClass)
    {
        var attribute = (WorkflowAttribute?)Attribute.GetCustomAttribute(workflowClass, typeof(WorkflowAttribute))
            ?? throw new ArgumentException($"Type '{workflowClass.FullName}' has no [Workflow] attribute: mark it [Workflow(\"kebab-id\")].", nameof(workflowClass));
        var define = FindDefine(workflowClass)
            ?? throw new ArgumentException($"Type '{workflowClass.FullName}' has no static Define() method returning WorkflowDefinition.", nameof(workflowClass));
        var definition = (WorkflowDefinition)define.Invoke(null, null)!;
        return definition.Build(attribute.Id);
    }

    /// <summary>A <c>[Workflow]</c> class's static parameterless <c>Define()</c> (any accessibility), or null.</summary>
    internal static System.Reflection.MethodInfo? FindDefine(Type workflowClass) =>
        workflowClass.GetMethod("Define", System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static, Type.EmptyTypes);
}

/// <summary>Starts workflow definitions: from scratch with <see cref="Named"/>, or from one of the
/// seed templates, to which more steps can be added (and from which steps can be removed).</summary>
public static class Workflow
{
    /// <summary>Starts an empty workflow ("no template").</summary>
    public static WorkflowDefinition Named(string name) => WorkflowDefinition.Start(name);

    /// <summary>The Invitation template: one invitation message.</summary>
    public static WorkflowDefinition Invitation(string name, Channel channels) =>
        Named(name).Invite(channels);

    /// <summary>The Invitation with a follow-up reminder template: invite, wait <paramref name="delay"/>, remind.</summary>
    public static WorkflowDefinition InvitationWithReminder(string name, TimeSpan delay, Channel channels) =>
        Named(name).Invite(channels).Wait(delay).Remind(channels);

    /// <summary>The Invitation with follow-up reminders to the trainee and the manager template:
    /// invite, wait <paramref name="delay"/>, remind the user and send their managers a digest by email.</summary>
    public static WorkflowDefinition InvitationWithReminders(string name, TimeSpan delay, Channel channels) =>
        Named(name).Invite(channels).Wait(delay).Remind(channels).RemindManager(Channel.Email);
}

namespace WorkflowDsl;

/// <summary>Marks a <c>static partial</c> class whose <c>Define()</c> method returns a
/// <see cref="WorkflowDefinition"/>. The source generator validates the definition at compile time
/// and emits its precompiled <see cref="Plan.WorkflowPlan"/>.</summary>
/// <param name="id">The workflow's stable kebab-case id, unique in the application.</param>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class WorkflowAttribute(string id) : Attribute
{
    /// <summary>The workflow's stable kebab-case id.</summary>
    public string Id { get; } = id;
}

/// <summary>Marks a static method returning a <see cref="Templates.TemplateDefinition"/>: a message
/// template defined in code. The generator checks its placeholders and SMS length and registers it.</summary>
/// <param name="id">The template's kebab-case id, which message steps name.</param>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class MessageTemplateAttribute(string id) : Attribute
{
    /// <summary>The template's kebab-case id.</summary>
    public string Id { get; } = id;
}

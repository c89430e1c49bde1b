namespace WorkflowDsl;

/// <summary>A workflow or template definition breaks one or more rules. Each problem starts with its
/// rule id (WFDSL0xx, documented in docs/diagnostics/), names the value and says what to do.</summary>
public sealed class WorkflowDefinitionException : Exception
{
    /// <summary>Creates the exception.</summary>
    public WorkflowDefinitionException(string id, IReadOnlyList<string> problems)
        : base($"Definition '{id}' is invalid:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", problems))
    {
        DefinitionId = id;
        Problems = problems;
    }

    /// <summary>The workflow or template id.</summary>
    public string DefinitionId { get; }

    /// <summary>The problems, each starting with its rule id.</summary>
    public IReadOnlyList<string> Problems { get; }
}

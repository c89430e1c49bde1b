namespace WorkflowDsl;

// Channel, Recipient and StepKind, the step vocabulary, are in Rules/Vocabulary.cs (shared with the generator).

/// <summary>Kinds of assignment of a content to a user. As a filter, combine them with <c>|</c>;
/// <see cref="None"/> includes all users.</summary>
[Flags]
public enum Assignment
{
    /// <summary>No assignment filter: every user is included.</summary>
    None = 0,
    /// <summary>The content is mandatory for the user.</summary>
    Mandatory = 1,
    /// <summary>The content is optional for the user.</summary>
    Optional = 2,
    /// <summary>The content is recommended to the user.</summary>
    Recommended = 4,
    /// <summary>The user enrolled themselves.</summary>
    SelfEnrolled = 8,
}

namespace WorkflowDsl;

/// <summary>Delivery channels; combine them with <c>|</c>, as in <c>Channel.Email | Channel.Push</c>.</summary>
[Flags]
public enum Channel
{
    /// <summary>No channel (not valid for a message step).</summary>
    None = 0,
    /// <summary>Email (needs an address).</summary>
    Email = 1,
    /// <summary>Push notification (needs at least one device token).</summary>
    Push = 2,
    /// <summary>SMS (needs a phone number in E.164 form).</summary>
    Sms = 4,
}

/// <summary>Who receives a message step.</summary>
public enum Recipient
{
    /// <summary>The target user.</summary>
    User = 0,
    /// <summary>The target user's manager, who gets one digest per run.</summary>
    Manager = 1,
    /// <summary>The target user's HR business partner, who gets one digest per run.</summary>
    HrPartner = 2,
}

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

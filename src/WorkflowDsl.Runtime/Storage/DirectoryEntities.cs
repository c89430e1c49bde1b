namespace WorkflowDsl.Runtime.Storage;

/// <summary>A node of the organisation tree.</summary>
public class OrgUnit
{
    /// <summary>The unit's id (a path segment, so it contains no '/').</summary>
    public string Id { get; set; } = "";
    /// <summary>The parent unit's id, or null for a root.</summary>
    public string? ParentId { get; set; }
    /// <summary>Display name.</summary>
    public string Name { get; set; } = "";
    /// <summary>'/'-separated ids from the root with leading and trailing '/' ("/root/emea/fi/");
    /// computed on import and copied to <see cref="Users.DirectoryUser.OrgUnitPath"/>.</summary>
    public string Path { get; set; } = "/";
}

/// <summary>A training ("content") that workflows invite to.</summary>
public class Content
{
    /// <summary>The content id that workflow definitions name ("SEC-101").</summary>
    public string Id { get; set; } = "";
    /// <summary>Title shown in messages.</summary>
    public string Title { get; set; } = "";
    /// <summary>Link to the content.</summary>
    public string Link { get; set; } = "";
}

/// <summary>One assignment of a content to a user, of exactly one kind (one flag of <see cref="Assignment"/>).</summary>
public class ContentAssignment
{
    /// <summary>The assigned user's id.</summary>
    public string UserId { get; set; } = "";
    /// <summary>The content's id.</summary>
    public string ContentId { get; set; } = "";
    /// <summary>The kind: a single flag such as <see cref="Assignment.Mandatory"/>.</summary>
    public Assignment Kind { get; set; }
    /// <summary>When the content is due, or null.</summary>
    public DateOnly? DueDate { get; set; }
}

/// <summary>A user's completion of a content; it is active until it expires.</summary>
public class Completion
{
    /// <summary>The user's id.</summary>
    public string UserId { get; set; } = "";
    /// <summary>The content's id.</summary>
    public string ContentId { get; set; } = "";
    /// <summary>When the user completed the content (UTC).</summary>
    public DateTime CompletedAt { get; set; }
    /// <summary>When the completion expires (UTC), or null when it never does.</summary>
    public DateTime? ExpiresAt { get; set; }
}

/// <summary>An administrator who can own workflows; their scope limits an owned workflow's target group.</summary>
public class Administrator
{
    /// <summary>The administrator's id (what <c>OwnedBy("...")</c> names).</summary>
    public string Id { get; set; } = "";
    /// <summary>Display name.</summary>
    public string Name { get; set; } = "";
    /// <summary>A super-administrator's scope is the whole organisation.</summary>
    public bool IsSuperAdministrator { get; set; }
}

/// <summary>One org-unit subtree in an administrator's scope.</summary>
public class AdministratorScope
{
    /// <summary>The administrator's id.</summary>
    public string AdministratorId { get; set; } = "";
    /// <summary>The root of the subtree.</summary>
    public string OrgUnitId { get; set; } = "";
}

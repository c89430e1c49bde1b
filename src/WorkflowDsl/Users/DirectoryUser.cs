namespace WorkflowDsl.Users;

/// <summary>A user of the learning directory, as target-group filters see it. Filters are lambdas
/// over this type (<c>u =&gt; u.Country == "FI"</c>) that the database translates to SQL, so use
/// properties and simple operators; see docs/target-groups.md.</summary>
public class DirectoryUser
{
    /// <summary>The user's id in the directory.</summary>
    public string Id { get; set; } = "";
    /// <summary>Given name.</summary>
    public string FirstName { get; set; } = "";
    /// <summary>Family name.</summary>
    public string LastName { get; set; } = "";
    /// <summary>Email address, or null when the user has none.</summary>
    public string? Email { get; set; }
    /// <summary>Mobile phone number in E.164 form (+358401234567), or null.</summary>
    public string? Phone { get; set; }
    /// <summary>Preferred locale, such as "en" or "fi-FI"; picks the template language.</summary>
    public string Locale { get; set; } = "en";
    /// <summary>IANA time-zone id, or null for the workflow's.</summary>
    public string? TimeZone { get; set; }
    /// <summary>False for users who left or are suspended.</summary>
    public bool IsActive { get; set; } = true;
    /// <summary>When a full directory import found the user no longer in the directory (UTC), or null.
    /// A removed user gets nothing more from any workflow, even one that includes inactive users, and
    /// gets no digest; importing the user again clears it.</summary>
    public DateTime? RemovedAt { get; set; }
    /// <summary>The manager's user id, or null.</summary>
    public string? ManagerId { get; set; }
    /// <summary>The HR business partner's user id, or null.</summary>
    public string? HrPartnerId { get; set; }
    /// <summary>The org unit's id, or null.</summary>
    public string? OrgUnitId { get; set; }
    /// <summary>The org unit's path from the root, as '/'-separated ids with a leading and trailing
    /// '/' ("/root/emea/fi/"), so a subtree is a prefix or substring match.</summary>
    public string OrgUnitPath { get; set; } = "/";
    /// <summary>ISO 3166 country code, such as "FI".</summary>
    public string? Country { get; set; }
    /// <summary>Department name.</summary>
    public string? Department { get; set; }
    /// <summary>Job title.</summary>
    public string? JobTitle { get; set; }
    /// <summary>Date of hire, or null.</summary>
    public DateOnly? HireDate { get; set; }
    /// <summary>Custom attributes (name/value pairs).</summary>
    public List<UserAttribute> Attributes { get; set; } = [];
    /// <summary>Push device tokens.</summary>
    public List<PushDeviceToken> DeviceTokens { get; set; } = [];

    /// <summary>"First Last".</summary>
    public string FullName => (FirstName + " " + LastName).Trim();
}

/// <summary>A custom attribute of a user, such as ("cost-center", "4711").</summary>
public class UserAttribute
{
    /// <summary>The owning user's id.</summary>
    public string UserId { get; set; } = "";
    /// <summary>Attribute name.</summary>
    public string Name { get; set; } = "";
    /// <summary>Attribute value.</summary>
    public string Value { get; set; } = "";
}

/// <summary>A device registered for push notifications.</summary>
public class PushDeviceToken
{
    /// <summary>The owning user's id.</summary>
    public string UserId { get; set; } = "";
    /// <summary>The FCM registration token.</summary>
    public string Token { get; set; } = "";
}

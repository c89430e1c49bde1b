using Microsoft.AspNetCore.Identity;

namespace WorkflowDsl.Server.Storage;

/// <summary>An administrator's account (ASP.NET Core Identity), with what the product rules give an
/// administrator: permission labels (they see and operate the workflows with at least one of them),
/// the super-administrator flag (sees everything) and the operations they may perform.</summary>
public sealed class AdministratorAccount : IdentityUser
{
    /// <summary>Sees and operates every workflow.</summary>
    public bool IsSuperAdministrator { get; set; }

    /// <summary>The permission labels, separated by spaces.</summary>
    public string Labels { get; set; } = "";

    /// <summary>The operations they may perform (<see cref="Application.Permission"/> flags).</summary>
    public Application.Permission Permissions { get; set; } = Application.Permission.View;

    /// <summary>Must change the password before doing anything else (the first administrator's one-time password).</summary>
    public bool MustChangePassword { get; set; }

    /// <summary>The labels as a list.</summary>
    public IReadOnlyList<string> LabelList => Labels.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>An API key of an administrator: only its SHA-256 hash is stored; the key itself is shown
/// once, when it is created. Revocable.</summary>
public sealed class ApiKey
{
    /// <summary>The key's id (its public prefix, used to find it).</summary>
    public string Id { get; set; } = "";

    /// <summary>The administrator it acts for.</summary>
    public string AccountId { get; set; } = "";

    /// <summary>What it is for, as its owner named it.</summary>
    public string Name { get; set; } = "";

    /// <summary>SHA-256 of the secret part, hex.</summary>
    public string SecretHash { get; set; } = "";

    /// <summary>When it was created (UTC).</summary>
    public DateTime CreatedAt { get; set; }

    /// <summary>When it was revoked (UTC), or null while it is valid.</summary>
    public DateTime? RevokedAt { get; set; }
}

/// <summary>One state-changing action: who, what, when, on which workflow, before and after.</summary>
public sealed class AuditEntry
{
    /// <summary>Identity.</summary>
    public long Id { get; set; }

    /// <summary>When (UTC).</summary>
    public DateTime At { get; set; }

    /// <summary>Who (the administrator's name, "schedule", ...).</summary>
    public string Actor { get; set; } = "";

    /// <summary>What, such as <c>run.start</c>, <c>scheduling.set</c>, <c>directory.import</c>.</summary>
    public string Action { get; set; } = "";

    /// <summary>The workflow, or empty.</summary>
    public string WorkflowId { get; set; } = "";

    /// <summary>The state before, as JSON, or empty.</summary>
    public string Before { get; set; } = "";

    /// <summary>The state after (or the outcome), as JSON, or empty.</summary>
    public string After { get; set; } = "";
}

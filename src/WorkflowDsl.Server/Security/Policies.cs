using Microsoft.AspNetCore.Authorization;
using WorkflowDsl.Application;
using WorkflowDsl.Plan;

namespace WorkflowDsl.Server.Security;

/// <summary>The server's authorization policies: one per <see cref="Permission"/>, and one for super-administrators.
/// Every endpoint names one; a workflow endpoint also checks the workflow itself (<see cref="WorkflowAccessHandler"/>).</summary>
public static class WorkflowDslPolicies
{
    /// <summary>Only super-administrators (administrator accounts).</summary>
    public const string SuperAdministrator = "wfdsl:super-administrator";

    /// <summary>Any signed-in administrator, even one who must still change the password (account pages).</summary>
    public const string SignedIn = "wfdsl:signed-in";

    /// <summary>The policy name of a permission.</summary>
    public static string For(Permission permission) => "wfdsl:" + permission;

    internal static void Add(AuthorizationOptions options, string scheme)
    {
        foreach (var permission in Enum.GetValues<Permission>().Where(p => p is not (Permission.None or Permission.All)))
            options.AddPolicy(For(permission), p => p.AddAuthenticationSchemes(scheme).RequireAuthenticatedUser().AddRequirements(new PermissionRequirement(permission)));
        options.AddPolicy(SuperAdministrator, p => p.AddAuthenticationSchemes(scheme).RequireAuthenticatedUser().AddRequirements(new PermissionRequirement(Permission.None, superOnly: true)));
        options.AddPolicy(SignedIn, p => p.AddAuthenticationSchemes(scheme).RequireAuthenticatedUser());
    }
}

/// <summary>The caller holds <see cref="Permission"/> (and has changed a one-time password).</summary>
public sealed class PermissionRequirement(Permission permission, bool superOnly = false) : IAuthorizationRequirement
{
    /// <summary>The permission.</summary>
    public Permission Permission { get; } = permission;

    /// <summary>Only super-administrators pass.</summary>
    public bool SuperOnly { get; } = superOnly;
}

/// <summary>Checks <see cref="PermissionRequirement"/> against the caller's claims.</summary>
internal sealed class PermissionHandler : AuthorizationHandler<PermissionRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, PermissionRequirement requirement)
    {
        if (context.User.HasClaim(WorkflowDslClaims.MustChangePassword, "true"))
        {
            context.Fail(new AuthorizationFailureReason(this, "You must change your one-time password first (POST /api/v1/account/password)."));
            return Task.CompletedTask;
        }
        var caller = context.User.ToCaller();
        if (requirement.SuperOnly ? caller.IsSuperAdministrator : caller.Has(requirement.Permission))
            context.Succeed(requirement);
        else
            context.Fail(new AuthorizationFailureReason(this, requirement.SuperOnly
                ? "Only a super-administrator may do this."
                : $"You do not have the {requirement.Permission} permission: ask a super-administrator to grant it."));
        return Task.CompletedTask;
    }
}

/// <summary>The caller may see this workflow: it carries one of their labels, or they are a super-administrator
/// (the rule itself is <see cref="Caller.CanSee"/>, which the application service applies too).</summary>
public sealed class WorkflowAccessRequirement : IAuthorizationRequirement
{
    /// <summary>The one instance.</summary>
    public static WorkflowAccessRequirement Instance { get; } = new();
}

/// <summary>Resource-based check of <see cref="WorkflowAccessRequirement"/> on a <see cref="WorkflowPlan"/>.</summary>
internal sealed class WorkflowAccessHandler : AuthorizationHandler<WorkflowAccessRequirement, WorkflowPlan>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, WorkflowAccessRequirement requirement, WorkflowPlan resource)
    {
        if (context.User.ToCaller().CanSee(resource.Labels)) context.Succeed(requirement);
        return Task.CompletedTask;
    }
}

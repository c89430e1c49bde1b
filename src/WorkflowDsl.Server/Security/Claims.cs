using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using WorkflowDsl.Application;
using WorkflowDsl.Server.Storage;

namespace WorkflowDsl.Server.Security;

/// <summary>The claims the server puts on a signed-in administrator, and the <see cref="Caller"/> made of them.</summary>
public static class WorkflowDslClaims
{
    /// <summary>"true" for a super-administrator.</summary>
    public const string SuperAdministrator = "wfdsl:super";
    /// <summary>One per permission label.</summary>
    public const string Label = "wfdsl:label";
    /// <summary>One per permission (<see cref="Permission"/> flag names).</summary>
    public const string Permission = "wfdsl:permission";
    /// <summary>"true" while the administrator must change a one-time password.</summary>
    public const string MustChangePassword = "wfdsl:must-change-password";

    /// <summary>The caller a principal stands for (a super-administrator has every permission).</summary>
    public static Caller ToCaller(this ClaimsPrincipal user)
    {
        bool super = user.HasClaim(SuperAdministrator, "true");
        var permissions = super ? Application.Permission.All : Application.Permission.None;
        foreach (var claim in user.FindAll(Permission))
            if (Enum.TryParse<Application.Permission>(claim.Value, out var p)) permissions |= p;
        var labels = new HashSet<string>(user.FindAll(Label).Select(c => c.Value), StringComparer.Ordinal);
        return new Caller(user.Identity?.Name ?? "anonymous", super, labels, permissions);
    }

    /// <summary>The claims of an account.</summary>
    public static IEnumerable<Claim> For(AdministratorAccount account)
    {
        if (account.IsSuperAdministrator) yield return new Claim(SuperAdministrator, "true");
        foreach (var label in account.LabelList) yield return new Claim(Label, label);
        foreach (var flag in Enum.GetValues<Application.Permission>())
            if (flag is not (Application.Permission.None or Application.Permission.All) && account.Permissions.HasFlag(flag))
                yield return new Claim(Permission, flag.ToString());
        if (account.MustChangePassword) yield return new Claim(MustChangePassword, "true");
    }
}

/// <summary>Adds the WorkflowDsl claims to the cookie of a signed-in administrator.</summary>
internal sealed class AdministratorClaimsFactory(UserManager<AdministratorAccount> users, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<AdministratorAccount>(users, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AdministratorAccount user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaims(WorkflowDslClaims.For(user));
        return identity;
    }
}

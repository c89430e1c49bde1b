using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using WorkflowDsl.Application;
using WorkflowDsl.Server.Security;
using WorkflowDsl.Server.Storage;

namespace WorkflowDsl.Server.Api;

/// <summary>Sign-in with a local account.</summary>
/// <param name="UserName">The user name.</param>
/// <param name="Password">The password.</param>
public sealed record SignInRequest(string? UserName, string? Password);

/// <summary>A password change.</summary>
/// <param name="CurrentPassword">The current (or one-time) password.</param>
/// <param name="NewPassword">The new password.</param>
public sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword);

/// <summary>A new API key's name.</summary>
/// <param name="Name">What the key is for.</param>
public sealed record CreateApiKeyRequest(string? Name);

/// <summary>A new administrator.</summary>
/// <param name="UserName">The user name.</param>
/// <param name="Password">The initial password (they must change it at first sign-in).</param>
/// <param name="Labels">The permission labels.</param>
/// <param name="Permissions">The permissions (View, Run, Schedule, ConfirmHeldRuns, Import, Release).</param>
/// <param name="IsSuperAdministrator">Sees and operates every workflow.</param>
public sealed record CreateAdministratorRequest(string? UserName, string? Password, string[]? Labels, string[]? Permissions, bool IsSuperAdministrator);

/// <summary>The signed-in administrator, as the API shows it.</summary>
/// <param name="UserName">The user name.</param>
/// <param name="IsSuperAdministrator">Sees everything.</param>
/// <param name="Labels">The labels.</param>
/// <param name="Permissions">The permissions.</param>
/// <param name="MustChangePassword">Must change a one-time password first.</param>
public sealed record AdministratorView(string UserName, bool IsSuperAdministrator, IReadOnlyList<string> Labels, IReadOnlyList<string> Permissions, bool MustChangePassword);

/// <summary>A created API key: the only time its secret is shown.</summary>
/// <param name="Id">The key's id (for revoking it).</param>
/// <param name="Name">Its name.</param>
/// <param name="Key">The key to send as <c>Authorization: ApiKey &lt;key&gt;</c>; store it now, it is not shown again.</param>
public sealed record CreatedApiKey(string Id, string Name, string Key);

/// <summary>An API key as listed (never with its secret).</summary>
/// <param name="Id">The id.</param>
/// <param name="Name">The name.</param>
/// <param name="CreatedAt">When it was created (UTC).</param>
/// <param name="RevokedAt">When it was revoked (UTC), or null.</param>
public sealed record ApiKeyView(string Id, string Name, DateTime CreatedAt, DateTime? RevokedAt);

/// <summary>Accounts: sign-in and sign-out with cookies, password change, API keys, administrators.</summary>
internal static class AccountApi
{
    /// <summary>The rate-limiting policy of sign-in.</summary>
    public const string SignInLimit = "wfdsl-sign-in";

    public static RouteGroupBuilder MapAccountApi(this RouteGroupBuilder api)
    {
        var account = api.MapGroup("/account").WithTags("Account");
        account.MapPost("/sign-in", SignInAsync).AllowAnonymous().RequireRateLimiting(SignInLimit).WithName("SignIn");
        account.MapPost("/sign-out", async Task<IResult> (SignInManager<AdministratorAccount> signIn) =>
        {
            await signIn.SignOutAsync();
            return TypedResults.NoContent();
        }).RequireAuthorization(WorkflowDslPolicies.SignedIn).WithName("SignOut");
        account.MapGet("/", async Task<IResult> (ClaimsPrincipal user, UserManager<AdministratorAccount> users) =>
            await users.GetUserAsync(user) is { } me ? Results.Ok(View(me)) : Results.Unauthorized())
            .RequireAuthorization(WorkflowDslPolicies.SignedIn).WithName("GetAccount");
        account.MapPost("/password", ChangePasswordAsync).RequireAuthorization(WorkflowDslPolicies.SignedIn).WithName("ChangePassword");

        account.MapGet("/api-keys", async Task<IResult> (ClaimsPrincipal user, UserManager<AdministratorAccount> users, ApiKeyService keys, CancellationToken ct) =>
            TypedResults.Ok((await keys.ListAsync(users.GetUserId(user)!, ct)).Select(k => new ApiKeyView(k.Id, k.Name, k.CreatedAt, k.RevokedAt))))
            .RequireAuthorization(WorkflowDslPolicies.For(Permission.View)).WithName("ListApiKeys");
        account.MapPost("/api-keys", async Task<IResult> (CreateApiKeyRequest? body, ClaimsPrincipal user, UserManager<AdministratorAccount> users, ApiKeyService keys, AuditLog audit, CancellationToken ct) =>
        {
            string name = body?.Name?.Trim() ?? "";
            if (name.Length is 0 or > 200) return Problems.Invalid("name", "give the key a name of 1 to 200 characters that says what it is for.");
            var (key, secret) = await keys.CreateAsync(users.GetUserId(user)!, name, ct);
            await audit.RecordAsync(user.Identity!.Name!, "api-key.create", "", $"{{\"id\":\"{key.Id}\"}}", ct);
            return TypedResults.Created($"/api/v1/account/api-keys/{key.Id}", new CreatedApiKey(key.Id, key.Name, secret));
        }).RequireAuthorization(WorkflowDslPolicies.For(Permission.View)).WithName("CreateApiKey");
        account.MapDelete("/api-keys/{keyId}", async Task<IResult> (string keyId, ClaimsPrincipal user, UserManager<AdministratorAccount> users, ApiKeyService keys, AuditLog audit, CancellationToken ct) =>
        {
            if (!await keys.RevokeAsync(users.GetUserId(user)!, keyId, ct))
                return Problems.From(new Refusal(RefusalKind.NotFound, "WFAPI002", $"you have no valid API key '{keyId}': list your keys for their ids.", "keyId"));
            await audit.RecordAsync(user.Identity!.Name!, "api-key.revoke", $"{{\"id\":\"{keyId}\"}}", "", ct);
            return TypedResults.NoContent();
        }).RequireAuthorization(WorkflowDslPolicies.For(Permission.View)).WithName("RevokeApiKey");

        var admins = api.MapGroup("/administrators").WithTags("Administrators");
        admins.MapGet("/", async Task<IResult> (UserManager<AdministratorAccount> users, CancellationToken ct) =>
            TypedResults.Ok((await users.Users.OrderBy(u => u.UserName).ToListAsync(ct)).Select(View)))
            .RequireAuthorization(WorkflowDslPolicies.SuperAdministrator).WithName("ListAdministrators");
        admins.MapPost("/", CreateAdministratorAsync).RequireAuthorization(WorkflowDslPolicies.SuperAdministrator).WithName("CreateAdministrator");
        return api;
    }

    internal static AdministratorView View(AdministratorAccount a) =>
        new(a.UserName ?? "", a.IsSuperAdministrator, a.LabelList,
            Enum.GetValues<Permission>().Where(p => p is not (Permission.None or Permission.All) && a.Permissions.HasFlag(p)).Select(p => p.ToString()).ToList(), a.MustChangePassword);

    private static async Task<IResult> SignInAsync(SignInRequest? body, SignInManager<AdministratorAccount> signIn, AuditLog audit, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(body?.UserName)) return Problems.Invalid("userName", "give your user name.");
        if (string.IsNullOrEmpty(body.Password)) return Problems.Invalid("password", "give your password.");
        var result = await signIn.PasswordSignInAsync(body.UserName, body.Password, isPersistent: false, lockoutOnFailure: true);
        if (result.IsLockedOut)
            return Problems.From(new Refusal(RefusalKind.Forbidden, "WFAPI003", "this account is locked for a few minutes after repeated failed sign-ins: wait, then try again.", "userName"));
        if (!result.Succeeded)
            return TypedResults.Problem(title: "Sign-in failed", detail: "the user name or the password is wrong.", statusCode: StatusCodes.Status401Unauthorized);
        await audit.RecordAsync(body.UserName, "account.sign-in", "", "", ct);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> ChangePasswordAsync(ChangePasswordRequest? body, ClaimsPrincipal user, UserManager<AdministratorAccount> users,
        SignInManager<AdministratorAccount> signIn, AuditLog audit, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(body?.CurrentPassword)) return Problems.Invalid("currentPassword", "give your current password.");
        if (string.IsNullOrEmpty(body.NewPassword)) return Problems.Invalid("newPassword", "give the new password.");
        if (await users.GetUserAsync(user) is not { } me) return TypedResults.Unauthorized();
        var result = await users.ChangePasswordAsync(me, body.CurrentPassword, body.NewPassword);
        if (!result.Succeeded)
        {
            bool wrongCurrent = result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.PasswordMismatch));
            return Problems.Invalid(wrongCurrent ? "currentPassword" : "newPassword", string.Join(" ", result.Errors.Select(e => e.Description)));
        }
        me.MustChangePassword = false;
        await users.UpdateAsync(me);
        await signIn.RefreshSignInAsync(me);
        await audit.RecordAsync(me.UserName ?? me.Id, "account.password-change", "", "", ct);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> CreateAdministratorAsync(CreateAdministratorRequest? body, ClaimsPrincipal user, UserManager<AdministratorAccount> users, AuditLog audit, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(body?.UserName)) return Problems.Invalid("userName", "give the administrator's user name.");
        if (string.IsNullOrEmpty(body.Password)) return Problems.Invalid("password", "give an initial password; they must change it at first sign-in.");
        var permissions = Permission.None;
        foreach (string name in body.Permissions ?? [])
        {
            if (!Enum.TryParse<Permission>(name, ignoreCase: true, out var p) || int.TryParse(name, out _) || p == Permission.None)
                return Problems.Invalid("permissions", $"'{name}' is not a permission: use View, Run, Schedule, ConfirmHeldRuns, Import, Release or All.");
            permissions |= p;
        }
        var labels = (body.Labels ?? []).Select(l => l.Trim()).Where(l => l.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (labels.FirstOrDefault(l => l.Contains(' ')) is { } spaced) return Problems.Invalid("labels", $"label '{spaced}' contains a space: labels are single words such as 'it' or 'emea'.");
        var account = new AdministratorAccount
        {
            UserName = body.UserName.Trim(), IsSuperAdministrator = body.IsSuperAdministrator, Labels = string.Join(' ', labels),
            Permissions = permissions | Permission.View, MustChangePassword = true,
        };
        var result = await users.CreateAsync(account, body.Password);
        if (!result.Succeeded)
        {
            bool name = result.Errors.Any(e => e.Code.Contains("UserName", StringComparison.Ordinal));
            return Problems.Invalid(name ? "userName" : "password", string.Join(" ", result.Errors.Select(e => e.Description)));
        }
        await audit.RecordAsync(user.Identity!.Name!, "administrator.create", "", System.Text.Json.JsonSerializer.Serialize(View(account)), ct);
        return TypedResults.Created($"/api/v1/administrators/{account.UserName}", View(account));
    }
}

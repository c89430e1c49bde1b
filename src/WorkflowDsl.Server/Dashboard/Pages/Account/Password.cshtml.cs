using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using WorkflowDsl.Server.Security;
using WorkflowDsl.Server.Storage;

namespace WorkflowDsl.Server.Dashboard.Pages.Account;

/// <summary>Changes the signed-in administrator's password (and clears a one-time password's flag).</summary>
internal sealed class PasswordModel(UserManager<AdministratorAccount> users, SignInManager<AdministratorAccount> signIn, AuditLog audit) : DashboardPage
{
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    [BindProperty] public string? CurrentPassword { get; set; }
    [BindProperty] public string? NewPassword { get; set; }
    public string? Problem { get; private set; }
    public bool MustChange => User.HasClaim(WorkflowDslClaims.MustChangePassword, "true");

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (string.IsNullOrEmpty(CurrentPassword) || string.IsNullOrEmpty(NewPassword))
        {
            Problem = "Give your current password and the new one.";
            return Page();
        }
        if (await users.GetUserAsync(User) is not { } me) return LocalRedirect("/account/sign-in");
        var result = await users.ChangePasswordAsync(me, CurrentPassword, NewPassword);
        if (!result.Succeeded)
        {
            Problem = string.Join(" ", result.Errors.Select(e => e.Description));
            return Page();
        }
        me.MustChangePassword = false;
        await users.UpdateAsync(me);
        await signIn.RefreshSignInAsync(me);
        await audit.RecordAsync(me.UserName ?? me.Id, "account.password-change", "", "", ct);
        TempData["flash"] = "Your password is changed.";
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
    }
}

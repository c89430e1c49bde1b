using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using WorkflowDsl.Server.Security;
using WorkflowDsl.Server.Storage;

namespace WorkflowDsl.Server.Dashboard.Pages.Account;

/// <summary>Sign-in with a local account (lockout after repeated failures); an account with a one-time
/// password goes on to change it.</summary>
internal sealed class SignInModel(SignInManager<AdministratorAccount> signIn, AuditLog audit) : DashboardPage
{
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    [BindProperty] public string? UserName { get; set; }
    [BindProperty] public string? Password { get; set; }
    public string? Problem { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(UserName) || string.IsNullOrEmpty(Password))
        {
            Problem = "Give your user name and your password.";
            return Page();
        }
        var result = await signIn.PasswordSignInAsync(UserName.Trim(), Password, isPersistent: false, lockoutOnFailure: true);
        if (result.IsLockedOut)
        {
            Problem = "This account is locked for a few minutes after repeated failed sign-ins: wait, then try again.";
            return Page();
        }
        if (!result.Succeeded)
        {
            Problem = "The user name or the password is wrong.";
            return Page();
        }
        await audit.RecordAsync(UserName.Trim(), "account.sign-in", "", "", ct);
        string next = Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/";
        // The cookie is written with this response, so the claims are read from the account itself here.
        var account = await signIn.UserManager.FindByNameAsync(UserName.Trim());
        return account?.MustChangePassword == true ? LocalRedirect("/account/password?returnUrl=" + Uri.EscapeDataString(next)) : LocalRedirect(next);
    }
}

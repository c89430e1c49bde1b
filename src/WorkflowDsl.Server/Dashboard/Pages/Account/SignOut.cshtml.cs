using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using WorkflowDsl.Server.Storage;

namespace WorkflowDsl.Server.Dashboard.Pages.Account;

/// <summary>Sign-out (a form post, so another site cannot sign an administrator out with a link).</summary>
internal sealed class SignOutModel(SignInManager<AdministratorAccount> signIn) : DashboardPage
{
    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        await signIn.SignOutAsync();
        return LocalRedirect("/account/sign-in");
    }
}

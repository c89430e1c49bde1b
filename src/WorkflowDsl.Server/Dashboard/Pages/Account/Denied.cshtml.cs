using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using WorkflowDsl.Server.Security;

namespace WorkflowDsl.Server.Dashboard.Pages.Account;

/// <summary>Where a policy's refusal lands: an administrator who must still change a one-time password is sent
/// to do that (every permission policy refuses them until then); anyone else reads that they lack the permission.</summary>
internal sealed class DeniedModel : DashboardPage
{
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public IActionResult OnGet()
    {
        if (User.HasClaim(WorkflowDslClaims.MustChangePassword, "true"))
            return LocalRedirect("/account/password" + (Url.IsLocalUrl(ReturnUrl) ? "?returnUrl=" + Uri.EscapeDataString(ReturnUrl!) : ""));
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return Page();
    }
}

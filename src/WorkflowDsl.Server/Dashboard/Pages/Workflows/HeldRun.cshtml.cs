using Microsoft.AspNetCore.Mvc;

namespace WorkflowDsl.Server.Dashboard.Pages.Workflows;

/// <summary>Confirms the run the safety catch held (a form post; the outcome is shown on the workflow page).</summary>
internal sealed class HeldRunModel : DashboardPage
{
    [BindProperty(SupportsGet = true)] public string Id { get; set; } = "";

    private string WorkflowPage => "/workflows/" + Uri.EscapeDataString(Id);

    public IActionResult OnGet() => LocalRedirect(WorkflowPage);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var outcome = await Service.ConfirmHeldRunAsync(Caller, Id, ct);
        var r = outcome.Value;
        return Done(outcome, r is null ? "" : $"The held run was confirmed and ran ({r.Outcome}): {r.UserMessages} messages to users planned; scheduling is on again.", WorkflowPage);
    }
}

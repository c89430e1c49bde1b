using Microsoft.AspNetCore.Mvc;
using WorkflowDsl.Application;

namespace WorkflowDsl.Server.Dashboard.Pages.Workflows;

/// <summary>"Run now": a post prepares the run and shows what it would do; the Confirm button posts the signed
/// confirmation token back and the run's outcome is shown on the workflow page (post/redirect/get).</summary>
internal sealed class RunModel : DashboardPage
{
    [BindProperty(SupportsGet = true)] public string Id { get; set; } = "";
    [BindProperty] public string? Confirmation { get; set; }

    public RunPreparation Preparation { get; private set; } = null!;

    private string WorkflowPage => "/workflows/" + Uri.EscapeDataString(Id);

    public IActionResult OnGet() => LocalRedirect(WorkflowPage);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var outcome = await Service.PrepareRunAsync(Caller, Id, ct);
        if (outcome.Refusal is not null) return Done(outcome, "", WorkflowPage);
        Preparation = outcome.Value!;
        return Page();
    }

    public async Task<IActionResult> OnPostStartAsync(CancellationToken ct)
    {
        var outcome = await Service.StartRunAsync(Caller, Id, Confirmation ?? "", ct);
        var r = outcome.Value;
        return Done(outcome, r is null ? "" :
            $"Run finished ({r.Outcome}): {r.Targets} targets, {r.NewUsers} new, {r.UserMessages} messages to users and {r.DigestMessages} digests planned; " +
            $"{r.FirstMessagesEmailPush} first email/push and {r.FirstMessagesSms} first SMS messages.", WorkflowPage);
    }
}

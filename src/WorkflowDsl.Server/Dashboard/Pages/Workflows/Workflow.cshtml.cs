using Microsoft.AspNetCore.Mvc;
using WorkflowDsl.Application;

namespace WorkflowDsl.Server.Dashboard.Pages.Workflows;

/// <summary>One workflow: its diagram and step list, validation, schedule, scheduling switch, "Run now" and a held run.</summary>
internal sealed class WorkflowModel : DashboardPage
{
    [BindProperty(SupportsGet = true)] public string Id { get; set; } = "";

    public WorkflowDetails Details { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var outcome = await Service.GetAsync(Caller, Id, ct);
        if (outcome.Refusal is { } refusal) return Refused(refusal);
        Details = outcome.Value!;
        return Page();
    }
}

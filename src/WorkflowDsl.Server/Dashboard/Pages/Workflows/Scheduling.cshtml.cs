using Microsoft.AspNetCore.Mvc;

namespace WorkflowDsl.Server.Dashboard.Pages.Workflows;

/// <summary>Switches scheduling on or off (a form post; the outcome is shown on the workflow page).</summary>
internal sealed class SchedulingModel : DashboardPage
{
    [BindProperty(SupportsGet = true)] public string Id { get; set; } = "";
    [BindProperty] public bool On { get; set; }

    private string WorkflowPage => "/workflows/" + Uri.EscapeDataString(Id);

    public IActionResult OnGet() => LocalRedirect(WorkflowPage);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (InvalidInput() is { } bad) return bad;
        var outcome = await Service.SetSchedulingAsync(Caller, Id, On, ct);
        return Done(outcome, $"Scheduling is now {outcome.Value?.Scheduling}.", WorkflowPage);
    }
}

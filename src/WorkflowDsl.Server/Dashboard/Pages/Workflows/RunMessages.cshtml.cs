using Microsoft.AspNetCore.Mvc;
using WorkflowDsl.Application;

namespace WorkflowDsl.Server.Dashboard.Pages.Workflows;

/// <summary>The messages one run planned, with their delivery results (paged).</summary>
internal sealed class RunMessagesModel : DashboardPage
{
    [BindProperty(SupportsGet = true)] public string Id { get; set; } = "";
    [BindProperty(SupportsGet = true)] public Guid RunId { get; set; }
    [FromQuery(Name = "page")] public int PageNumber { get; set; } = 1;

    public Page<MessageView> Messages { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (InvalidInput() is { } bad) return bad;
        var outcome = await Service.GetRunMessagesAsync(Caller, Id, RunId, new Paging(PageNumber, 50), ct);
        if (outcome.Refusal is { } refusal) return Refused(refusal);
        Messages = outcome.Value!;
        return Page();
    }
}

using Microsoft.AspNetCore.Mvc;
using WorkflowDsl.Application;

namespace WorkflowDsl.Server.Dashboard.Pages.Workflows;

/// <summary>The target group now: how many each condition excluded, and a page of the people in it or excluded by one condition, with search.</summary>
internal sealed class TargetGroupModel : DashboardPage
{
    [BindProperty(SupportsGet = true)] public string Id { get; set; } = "";
    [BindProperty(SupportsGet = true)] public int? ExcludedBy { get; set; }
    [BindProperty(SupportsGet = true)] public string? Search { get; set; }
    [FromQuery(Name = "page")] public int PageNumber { get; set; } = 1;

    public TargetGroupView View { get; private set; } = null!;
    public string Name { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (InvalidInput() is { } bad) return bad;
        var name = await WorkflowNameAsync(Id, ct);
        if (name.Refusal is { } missing) return Refused(missing);
        Name = name.Value!;
        var outcome = await Service.PreviewTargetGroupAsync(Caller, Id, new TargetGroupPreviewQuery(ExcludedBy, Search, new Paging(PageNumber, 50)), ct);
        if (outcome.Refusal is { } refusal) return Refused(refusal);
        View = outcome.Value!;
        return Page();
    }

    /// <summary>This page's address with another condition or page.</summary>
    public string With(int? excludedBy, int page) => QueryString.Of($"/workflows/{Uri.EscapeDataString(Id)}/target-group",
        ("excludedBy", excludedBy?.ToString()), ("search", Search), ("page", page.ToString()));
}

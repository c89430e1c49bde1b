using Microsoft.AspNetCore.Mvc;
using WorkflowDsl.Application;

namespace WorkflowDsl.Server.Dashboard.Pages.Workflows;

/// <summary>The target group now: how many each condition excluded, and a page of the people in it or excluded by one condition, with search.</summary>
internal sealed class TargetGroupModel : WorkflowPartPage
{
    [BindProperty(SupportsGet = true)] public int? ExcludedBy { get; set; }
    [BindProperty(SupportsGet = true)] public string? Search { get; set; }

    public TargetGroupView View { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await FindWorkflowAsync(ct) is { } problem) return problem;
        var outcome = await Service.PreviewTargetGroupAsync(Caller, Id, new TargetGroupPreviewQuery(ExcludedBy, Search, new Paging(PageNumber, 50)), ct);
        if (outcome.Refusal is { } refusal) return Refused(refusal);
        View = outcome.Value!;
        return Page();
    }

    /// <summary>This page's address with another condition or page.</summary>
    public string With(int? excludedBy, int page) => QueryString.Of($"/workflows/{Uri.EscapeDataString(Id)}/target-group",
        ("excludedBy", excludedBy?.ToString()), ("search", Search), ("page", page.ToString()));
}

using Microsoft.AspNetCore.Mvc;
using WorkflowDsl.Application;
using WorkflowDsl.Runtime.Storage;

namespace WorkflowDsl.Server.Dashboard.Pages;

/// <summary>The workflows the caller may see, with the list columns, filters, search, sorting and paging from the query string.</summary>
internal sealed class IndexModel : DashboardPage
{
    [BindProperty(SupportsGet = true)] public string? Label { get; set; }
    [BindProperty(SupportsGet = true)] public WorkflowStatus? Status { get; set; }
    [BindProperty(SupportsGet = true)] public SchedulingState? Scheduling { get; set; }
    [BindProperty(SupportsGet = true)] public bool? Errors { get; set; }
    [BindProperty(SupportsGet = true)] public string? Search { get; set; }
    [BindProperty(SupportsGet = true)] public WorkflowSort Sort { get; set; }
    [BindProperty(SupportsGet = true)] public bool Desc { get; set; }
    [FromQuery(Name = "page")] public int PageNumber { get; set; } = 1;
    [BindProperty(SupportsGet = true)] public int Size { get; set; } = 25;

    public Page<WorkflowSummary> Workflows { get; private set; } = new([], 1, 25, 0);

    /// <summary>The labels of the workflows the caller sees (for the label filter).</summary>
    public IReadOnlyList<string> Labels { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (InvalidInput() is { } bad) return bad;
        var outcome = await Service.ListAsync(Caller, new WorkflowListQuery(Label, Status, Scheduling, Errors, Search, Sort, Desc, new Paging(PageNumber, Size)), ct);
        if (outcome.Refusal is { } refusal) return Refused(refusal);
        Workflows = outcome.Value!;
        var all = await Service.ListAsync(Caller, new WorkflowListQuery(Paging: new Paging(1, Paging.MaxPageSize)), ct);
        Labels = all.Value?.Items.SelectMany(w => w.Labels).Distinct().Order(StringComparer.Ordinal).ToList() ?? [];
        return Page();
    }

    /// <summary>This list's address with some query values changed.</summary>
    public string With(WorkflowSort? sort = null, bool? desc = null, int? page = null) => QueryString.Of("/",
        ("label", Label), ("status", Status?.ToString()), ("scheduling", Scheduling?.ToString()), ("errors", Errors?.ToString().ToLowerInvariant()),
        ("search", Search), ("sort", (sort ?? Sort).ToString()), ("desc", (desc ?? Desc) ? "true" : null), ("page", (page ?? PageNumber).ToString()),
        ("size", Size == 25 ? null : Size.ToString()));
}

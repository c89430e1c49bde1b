using Microsoft.AspNetCore.Mvc;
using WorkflowDsl.Application;

namespace WorkflowDsl.Server.Dashboard.Pages.Workflows;

/// <summary>A workflow's results: rates, delivery by step, channel and recipient kind, and the run history (paged).</summary>
internal sealed class ResultsModel : WorkflowPartPage
{
    public WorkflowResultsView Results { get; private set; } = null!;
    public Page<RunSummary> Runs { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await FindWorkflowAsync(ct) is { } problem) return problem;
        var results = await Service.GetResultsAsync(Caller, Id, ct);
        if (results.Refusal is { } r1) return Refused(r1);
        var runs = await Service.GetRunsAsync(Caller, Id, new Paging(PageNumber, 20), ct);
        if (runs.Refusal is { } r2) return Refused(r2);
        Results = results.Value!;
        Runs = runs.Value!;
        return Page();
    }
}

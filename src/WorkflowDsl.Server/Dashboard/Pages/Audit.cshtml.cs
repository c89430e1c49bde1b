using Microsoft.AspNetCore.Mvc;
using WorkflowDsl.Application;
using WorkflowDsl.Server.Security;
using WorkflowDsl.Server.Storage;

namespace WorkflowDsl.Server.Dashboard.Pages;

/// <summary>The audit log, newest first: an administrator reads the entries of the workflows they see, a super-administrator every entry.</summary>
internal sealed class AuditModel(AuditLog audit) : DashboardPage
{
    [BindProperty(SupportsGet = true)] public string? Workflow { get; set; }
    [FromQuery(Name = "page")] public int PageNumber { get; set; } = 1;

    public Page<AuditEntry> Entries { get; private set; } = new([], 1, 50, 0);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (InvalidInput() is { } bad) return bad;
        var paging = new Paging(PageNumber, 50);
        if (paging.Check() is { } refusal) return Refused(refusal);
        Entries = await audit.ReadAsync(Caller, Workflow, paging, ct);
        return Page();
    }
}

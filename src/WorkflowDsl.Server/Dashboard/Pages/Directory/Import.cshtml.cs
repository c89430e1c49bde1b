using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using WorkflowDsl.Application;
using WorkflowDsl.Runtime.DirectoryImport;
using WorkflowDsl.Server.Api;

namespace WorkflowDsl.Server.Dashboard.Pages.Directory;

/// <summary>Uploads the directory's CSV files (docs/directory-csv.md); every row's problem is listed, and nothing
/// is imported then. The result is shown on this page (the import is recorded in the audit log).</summary>
internal sealed class ImportModel : DashboardPage
{
    public IReadOnlyList<string> FileNames => DirectoryApi.FileNames;
    public ImportSummary? Summary { get; private set; }
    public Refusal? Refusal { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(List<IFormFile> files, string? mode, CancellationToken ct)
    {
        if (!DirectoryApi.TryParseMode(mode, out var parsed))
        {
            Refusal = new Refusal(RefusalKind.InvalidInput, "WFAPI001", $"mode '{mode}' is not an import mode: choose full or upsert.", "mode");
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var outcome = await DirectoryApi.ImportFilesAsync(files, parsed, Caller, Service, ct);
        Summary = outcome.Value;
        Refusal = outcome.Refusal;
        if (Refusal is not null) Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}

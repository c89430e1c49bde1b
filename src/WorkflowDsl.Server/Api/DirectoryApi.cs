using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WorkflowDsl.Application;
using WorkflowDsl.Runtime.DirectoryImport;
using WorkflowDsl.Server.Security;

namespace WorkflowDsl.Server.Api;

/// <summary><c>POST /api/v1/directory/import?mode=full|upsert</c>: CSV files as multipart form data
/// (docs/directory-csv.md), a complete export by default (<c>full</c>: what the files no longer have is
/// removed); every problem comes back with file, line and column, and nothing is imported then.</summary>
internal static class DirectoryApi
{
    /// <summary>The files the directory import reads (docs/directory-csv.md).</summary>
    internal static IReadOnlyList<string> FileNames => Runtime.DirectoryImport.CsvDirectoryReader.FileNames;

    /// <summary>The largest upload accepted (all files together).</summary>
    private const long MaxUploadBytes = 512L * 1024 * 1024;

    public static RouteGroupBuilder MapDirectoryApi(this RouteGroupBuilder api)
    {
        api.MapPost("/directory/import", ImportAsync).WithTags("Directory").RequireAuthorization(WorkflowDslPolicies.For(Permission.Import))
            .DisableAntiforgery().WithName("ImportDirectory");
        return api;
    }

    private static async Task<IResult> ImportAsync(HttpRequest request, ClaimsPrincipal user, IWorkflowService service, CancellationToken ct)
    {
        if (!TryParseMode(request.Query["mode"], out var mode))
            return Problems.Invalid("mode", $"mode '{request.Query["mode"]}' is not an import mode: use full (the default: the files are the whole directory) or upsert (add and update only).");
        if (!request.HasFormContentType)
            return Problems.Invalid("files", "send the CSV files as multipart/form-data (one form file per CSV, named like users.csv).");
        var form = await request.ReadFormAsync(ct);
        return Problems.Of(await ImportFilesAsync(form.Files, mode, user.ToCaller(), service, ct));
    }

    /// <summary>Reads <c>full</c> or <c>upsert</c> (any case); nothing means <c>full</c>.</summary>
    internal static bool TryParseMode(string? text, out DirectoryImportMode mode)
    {
        mode = DirectoryImportMode.Full;
        if (string.IsNullOrEmpty(text) || text.Equals("full", StringComparison.OrdinalIgnoreCase)) return true;
        if (text.Equals("upsert", StringComparison.OrdinalIgnoreCase))
        {
            mode = DirectoryImportMode.Upsert;
            return true;
        }
        return false;
    }

    /// <summary>Imports uploaded CSV files (the API's and the dashboard's upload): each must be one of
    /// <see cref="FileNames"/>, sent once; refused with the reason otherwise, or with every row's problem.</summary>
    internal static async Task<Outcome<ImportSummary>> ImportFilesAsync(IReadOnlyList<IFormFile> files, DirectoryImportMode mode, Caller caller, IWorkflowService service, CancellationToken ct)
    {
        if (files.Count == 0)
            return Invalid($"no file was sent: attach one or more of {string.Join(", ", FileNames)}.");
        if (files.Sum(f => f.Length) > MaxUploadBytes)
            return Invalid($"the files are larger than {MaxUploadBytes / (1024 * 1024)} MiB together: import them in parts.");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            string name = Path.GetFileName(file.FileName);
            if (!FileNames.Contains(name))
                return Invalid($"'{file.FileName}' is not a directory file: name each file one of {string.Join(", ", FileNames)}.");
            if (!seen.Add(name))
                return Invalid($"'{name}' was sent twice: send each file once.");
        }
        string folder = Path.Combine(Path.GetTempPath(), "workflowdsl-import-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            foreach (var file in files)
            {
                await using var target = File.Create(Path.Combine(folder, Path.GetFileName(file.FileName)));
                await file.CopyToAsync(target, ct);
            }
            return await service.ImportDirectoryCsvAsync(caller, folder, mode, ct);
        }
        finally
        {
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }

    private static Refusal Invalid(string message) => new(RefusalKind.InvalidInput, "WFAPI001", message, "files");
}

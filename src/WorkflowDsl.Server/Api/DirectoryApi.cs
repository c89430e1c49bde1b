using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WorkflowDsl.Application;
using WorkflowDsl.Server.Security;

namespace WorkflowDsl.Server.Api;

/// <summary><c>POST /api/v1/directory/import</c>: CSV files as multipart form data (docs/directory-csv.md);
/// every problem comes back with file, line and column, and nothing is imported then.</summary>
internal static class DirectoryApi
{
    /// <summary>The files the directory import reads (docs/directory-csv.md).</summary>
    internal static readonly string[] FileNames =
        ["org_units.csv", "users.csv", "user_attributes.csv", "device_tokens.csv", "contents.csv", "assignments.csv", "completions.csv", "administrators.csv", "administrator_scopes.csv"];

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
        if (!request.HasFormContentType)
            return Problems.Invalid("files", "send the CSV files as multipart/form-data (one form file per CSV, named like users.csv).");
        var form = await request.ReadFormAsync(ct);
        if (form.Files.Count == 0)
            return Problems.Invalid("files", $"no file was sent: attach one or more of {string.Join(", ", FileNames)}.");
        if (form.Files.Sum(f => f.Length) > MaxUploadBytes)
            return Problems.Invalid("files", $"the files are larger than {MaxUploadBytes / (1024 * 1024)} MiB together: import them in parts.");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in form.Files)
        {
            string name = Path.GetFileName(file.FileName);
            if (!FileNames.Contains(name))
                return Problems.Invalid("files", $"'{file.FileName}' is not a directory file: name each file one of {string.Join(", ", FileNames)}.");
            if (!seen.Add(name))
                return Problems.Invalid("files", $"'{name}' was sent twice: send each file once.");
        }
        string folder = Path.Combine(Path.GetTempPath(), "workflowdsl-import-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            foreach (var file in form.Files)
            {
                await using var target = File.Create(Path.Combine(folder, Path.GetFileName(file.FileName)));
                await file.CopyToAsync(target, ct);
            }
            return Problems.Of(await service.ImportDirectoryCsvAsync(user.ToCaller(), folder, ct));
        }
        finally
        {
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }
}

using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using WorkflowDsl.Application;

namespace WorkflowDsl.Server.Api;

/// <summary>Turns refusals into RFC 9457 problem details: the status, a stable code, the message that
/// names the value and says what to do, and the field at fault.</summary>
internal static class Problems
{
    public static ProblemHttpResult From(Refusal refusal)
    {
        int status = refusal.Kind switch
        {
            RefusalKind.NotFound => StatusCodes.Status404NotFound,
            RefusalKind.InvalidInput => StatusCodes.Status400BadRequest,
            RefusalKind.Forbidden => StatusCodes.Status403Forbidden,
            _ => StatusCodes.Status409Conflict,
        };
        var problem = new ProblemDetails
        {
            Status = status,
            Title = refusal.Kind switch
            {
                RefusalKind.NotFound => "Not found",
                RefusalKind.InvalidInput => "Invalid input",
                RefusalKind.Forbidden => "Forbidden",
                RefusalKind.Busy => "A run is in progress",
                RefusalKind.HasErrors => "The workflow has errors",
                RefusalKind.HeldBySafetyCatch => "Held by the safety catch",
                _ => "Conflict",
            },
            Detail = refusal.Message,
            Type = "https://tools.ietf.org/html/rfc9110#section-15." + (status == 404 ? "5.5" : status == 400 ? "5.1" : status == 403 ? "5.4" : "5.10"),
        };
        problem.Extensions["code"] = refusal.Code;
        if (refusal.Field is not null)
        {
            problem.Extensions["field"] = refusal.Field;
            problem.Extensions["errors"] = new Dictionary<string, string[]> { [refusal.Field] = [refusal.Message] };
        }
        if (refusal.RunId is { } runId) problem.Extensions["runId"] = runId;
        if (refusal.Details.Count > 0) problem.Extensions["problems"] = refusal.Details;
        return TypedResults.Problem(problem);
    }

    public static ProblemHttpResult Invalid(string field, string message) =>
        From(new Refusal(RefusalKind.InvalidInput, "WFAPI001", message, field));

    /// <summary>The result of an outcome: <paramref name="ok"/> of its value, or the problem.</summary>
    public static IResult Of<T>(Outcome<T> outcome, Func<T, IResult>? ok = null) =>
        outcome.Succeeded ? (ok is null ? TypedResults.Ok(outcome.Value) : ok(outcome.Value!)) : From(outcome.Refusal!);
}

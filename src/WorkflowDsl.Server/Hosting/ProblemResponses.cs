using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace WorkflowDsl.Server.Hosting;

/// <summary>Bad requests (a value that does not bind, a malformed body) answer 400 with a problem that
/// names the parameter; anything unexpected answers 500 with a problem that says nothing internal (the
/// exception is logged). Never a stack trace to the client.</summary>
internal sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var problem = new ProblemDetails();
        if (exception is BadHttpRequestException bad)
        {
            problem.Status = bad.StatusCode;
            problem.Title = "Invalid input";
            // The framework's message names the parameter and the value it could not read.
            problem.Detail = bad.Message + " Check the parameter's type and allowed values in /openapi/v1.json.";
        }
        else
        {
            logger.LogError(exception, "Unhandled error on {Method} {Path}", context.Request.Method, context.Request.Path);
            problem.Status = StatusCodes.Status500InternalServerError;
            problem.Title = "Server error";
            problem.Detail = "The server failed to handle the request; the error is logged with trace id " + context.TraceIdentifier + ". Nothing was changed by this request unless its result says so.";
        }
        context.Response.StatusCode = problem.Status.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }
}

/// <summary>Answers a failed authorization with a problem that says why (which permission is missing, that a
/// one-time password must be changed first) instead of an empty 401/403; pages still redirect to sign-in.</summary>
internal sealed class ProblemAuthorizationResultHandler(IProblemDetailsService problems) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult result)
    {
        bool api = context.Request.Path.StartsWithSegments("/api");
        if (!api || result.Succeeded)
        {
            await _default.HandleAsync(next, context, policy, result);
            return;
        }
        bool challenged = result.Challenged || context.User.Identity?.IsAuthenticated != true;
        int status = challenged ? StatusCodes.Status401Unauthorized : StatusCodes.Status403Forbidden;
        string detail = challenged
            ? "sign in first: send an API key as 'Authorization: ApiKey <key>', or sign in with POST /api/v1/account/sign-in."
            : string.Join(" ", result.AuthorizationFailure?.FailureReasons.Select(r => r.Message) ?? []) is { Length: > 0 } reasons ? reasons : "you may not do this.";
        context.Response.StatusCode = status;
        if (challenged) context.Response.Headers.WWWAuthenticate = "ApiKey";
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Title = challenged ? "Unauthorized" : "Forbidden", Detail = detail },
        });
    }
}

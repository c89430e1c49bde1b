using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.Extensions.DependencyInjection;
using WorkflowDsl.Application;
using WorkflowDsl.Server.Api;
using WorkflowDsl.Server.Security;

namespace WorkflowDsl.Server.Dashboard;

/// <summary>A problem shown as a page: status, title, what is wrong and what to do, and the individual problems.</summary>
/// <param name="Status">The HTTP status.</param>
/// <param name="Title">A short title.</param>
/// <param name="Detail">What is wrong and what to do.</param>
/// <param name="Problems">The individual problems, or empty.</param>
internal sealed record ProblemView(int Status, string Title, string Detail, IReadOnlyList<string> Problems);

/// <summary>What every dashboard page shares: the caller made of the signed-in administrator, the application
/// service, refusals shown as a page (with the API's status and title) or as a message after a redirect.</summary>
internal abstract class DashboardPage : PageModel
{
    private const string FlashKey = "flash";
    private const string FlashProblemKey = "flash-problem";

    /// <summary>The signed-in administrator as the service's caller.</summary>
    protected Caller Caller => User.ToCaller();

    /// <summary>The application service (audited).</summary>
    protected IWorkflowService Service => HttpContext.RequestServices.GetRequiredService<IWorkflowService>();

    /// <summary>A refusal as a page, with the status the API gives it (404 for a workflow that does not exist for the caller).</summary>
    protected IActionResult Refused(Refusal refusal)
    {
        var problem = Problems.From(refusal).ProblemDetails;
        return ProblemPage(HttpContext, problem.Status ?? StatusCodes.Status400BadRequest, problem.Title ?? "Refused", refusal.Message, refusal.Details);
    }

    /// <summary>A 400 page naming every value of the query or form that could not be read, or null when all could.</summary>
    protected IActionResult? InvalidInput()
    {
        if (ModelState.IsValid) return null;
        var problems = ModelState.Where(e => e.Value?.Errors.Count > 0)
            .Select(e => $"{e.Key}: '{e.Value!.AttemptedValue}' is not a valid value ({string.Join(" ", e.Value.Errors.Select(x => x.ErrorMessage))})").ToList();
        return ProblemPage(HttpContext, StatusCodes.Status400BadRequest, "Invalid input", "Some values of the address or the form could not be read: correct them and try again.", problems);
    }

    /// <summary>After a form: the outcome as a message on the next page (post/redirect/get); a workflow that does
    /// not exist for the caller still gets the 404 page.</summary>
    protected IActionResult Done<T>(Outcome<T> outcome, string success, string redirectTo)
    {
        if (outcome.Refusal is { Kind: RefusalKind.NotFound } missing) return Refused(missing);
        if (outcome.Refusal is { } refusal)
        {
            TempData[FlashProblemKey] = string.Join("\n", new[] { refusal.Message }.Concat(refusal.Details));
        }
        else
        {
            TempData[FlashKey] = success;
        }
        return LocalRedirect(redirectTo);
    }

    /// <summary>The message left by the last form, and whether it is a problem; null when there is none.</summary>
    public static (string[] Lines, bool Problem)? FlashOf(ITempDataDictionary tempData)
    {
        if (tempData[FlashProblemKey] is string problem) return (problem.Split('\n'), true);
        if (tempData[FlashKey] is string message) return ([message], false);
        return null;
    }

    /// <summary>A problem page in the dashboard's layout.</summary>
    public static IActionResult ProblemPage(HttpContext context, int status, string title, string detail, IReadOnlyList<string>? problems = null)
    {
        var metadata = context.RequestServices.GetRequiredService<IModelMetadataProvider>();
        return new PartialViewResult
        {
            ViewName = "_Problem",
            StatusCode = status,
            ViewData = new ViewDataDictionary<ProblemView>(metadata, new ModelStateDictionary()) { Model = new ProblemView(status, title, detail, problems ?? []) },
        };
    }
}

/// <summary>A page about a part of one workflow (its target group, its results): the workflow id and the page
/// number from the address, and the workflow's name for the heading.</summary>
internal abstract class WorkflowPartPage : DashboardPage
{
    [BindProperty(SupportsGet = true)] public string Id { get; set; } = "";
    [FromQuery(Name = "page")] public int PageNumber { get; set; } = 1;
    public string Name { get; private set; } = "";

    /// <summary>The problem page when a value of the address cannot be read or the workflow does not exist for the
    /// caller; else null, with <see cref="Name"/> set.</summary>
    protected async Task<IActionResult?> FindWorkflowAsync(CancellationToken ct)
    {
        if (InvalidInput() is { } bad) return bad;
        var workflow = await Service.GetAsync(Caller, Id, ct);
        if (workflow.Refusal is { } missing) return Refused(missing);
        Name = workflow.Value!.Summary.Name;
        return null;
    }
}

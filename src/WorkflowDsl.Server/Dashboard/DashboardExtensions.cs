using Microsoft.AspNetCore.Mvc.Core.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.DependencyInjection;
using WorkflowDsl.Application;
using WorkflowDsl.Server.Security;

namespace WorkflowDsl.Server.Dashboard;

/// <summary>The dashboard: server-rendered Razor Pages over <see cref="IWorkflowService"/>, in this library.
/// Each page names one of the server's policies (<see cref="WorkflowDslPolicies"/>) through the conventions below;
/// the service decides everything else and its refusals are shown on the page.</summary>
internal static class DashboardExtensions
{
    /// <summary>Where a signed-in administrator lands when a policy refuses them (a page that says why,
    /// or sends them to change a one-time password first).</summary>
    public const string DeniedPath = "/account/denied";

    /// <summary>Registers the pages, their authorization conventions and the antiforgery failure page.</summary>
    internal static IServiceCollection AddWorkflowDslDashboard(this IServiceCollection services)
    {
        string view = WorkflowDslPolicies.For(Permission.View);
        var pages = services.AddRazorPages(o =>
            {
                o.RootDirectory = "/Dashboard/Pages";
                var c = o.Conventions;
                c.AllowAnonymousToPage("/Account/SignIn");
                c.AuthorizePage("/Account/Password", WorkflowDslPolicies.SignedIn);
                c.AuthorizePage("/Account/SignOut", WorkflowDslPolicies.SignedIn);
                c.AuthorizePage("/Account/Denied", WorkflowDslPolicies.SignedIn);
                c.AuthorizePage("/Index", view);
                c.AuthorizePage("/Audit", view);
                c.AuthorizeFolder("/Workflows", view);
                c.AuthorizePage("/Workflows/Run", WorkflowDslPolicies.For(Permission.Run));
                c.AuthorizePage("/Workflows/Scheduling", WorkflowDslPolicies.For(Permission.Schedule));
                c.AuthorizePage("/Workflows/HeldRun", WorkflowDslPolicies.For(Permission.ConfirmHeldRuns));
                c.AuthorizeFolder("/Directory", WorkflowDslPolicies.For(Permission.Import));
            })
            .AddMvcOptions(o => o.Filters.Add<AntiforgeryFailurePage>());
        // The pages are compiled into this library: add it (with its compiled Razor items) unless the host's own parts have it.
        var assembly = typeof(DashboardExtensions).Assembly;
        if (!pages.PartManager.ApplicationParts.OfType<AssemblyPart>().Any(p => p.Assembly == assembly)) pages.AddApplicationPart(assembly);
        services.ConfigureApplicationCookie(o => o.AccessDeniedPath = DeniedPath);
        return services;
    }

    /// <summary>Maps the pages (after the server's authentication and authorization middleware).</summary>
    internal static WebApplication MapWorkflowDslDashboard(this WebApplication app)
    {
        app.MapRazorPages();
        return app;
    }

    /// <summary>A form whose antiforgery token is missing or tampered with gets a page that says so (400), not an empty answer.</summary>
    private sealed class AntiforgeryFailurePage : IAlwaysRunResultFilter
    {
        public void OnResultExecuting(ResultExecutingContext context)
        {
            if (context.Result is IAntiforgeryValidationFailedResult)
                context.Result = DashboardPage.ProblemPage(context.HttpContext, Microsoft.AspNetCore.Http.StatusCodes.Status400BadRequest, "The form could not be accepted",
                    "The form's security token is missing, expired or was changed, so nothing was done. Go back, reload the page and send the form again.");
        }

        public void OnResultExecuted(ResultExecutedContext context) { }
    }
}

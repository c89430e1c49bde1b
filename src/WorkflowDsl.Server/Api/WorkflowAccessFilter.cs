using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using WorkflowDsl.Application;
using WorkflowDsl.Dispatch.Dispatching;
using WorkflowDsl.Server.Security;

namespace WorkflowDsl.Server.Api;

/// <summary>The resource-based check of every endpoint under <c>/workflows/{id}</c>: the workflow must
/// exist and carry one of the caller's labels (<see cref="WorkflowAccessHandler"/>); otherwise 404, the
/// same answer as for an id that does not exist, so ids cannot be probed.</summary>
internal sealed class WorkflowAccessFilter(WorkflowCatalog catalog, IAuthorizationService authorization) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        string id = context.HttpContext.Request.RouteValues["id"] as string ?? "";
        if (!catalog.Plans.TryGetValue(id, out var plan)
            || !(await authorization.AuthorizeAsync(context.HttpContext.User, plan, WorkflowAccessRequirement.Instance)).Succeeded)
        {
            return Problems.From(new Refusal(RefusalKind.NotFound, "WFAPP002",
                $"workflow '{id}' does not exist (or you do not hold any of its labels): list the workflows for their ids.", "id"));
        }
        return await next(context);
    }
}

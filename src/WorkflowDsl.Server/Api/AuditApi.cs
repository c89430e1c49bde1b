using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WorkflowDsl.Application;
using WorkflowDsl.Server.Security;

namespace WorkflowDsl.Server.Api;

/// <summary><c>GET /api/v1/audit</c>: the audit log, newest first; an administrator reads the entries of the
/// workflows they see, a super-administrator every entry.</summary>
internal static class AuditApi
{
    public static RouteGroupBuilder MapAuditApi(this RouteGroupBuilder api)
    {
        api.MapGet("/audit", async Task<IResult> (string? workflowId, int? page, int? pageSize, ClaimsPrincipal user, AuditLog audit, CancellationToken ct) =>
        {
            var paging = WorkflowsApi.Paging(page, pageSize);
            if (paging.Check() is { } bad) return Problems.From(bad);
            return TypedResults.Ok(await audit.ReadAsync(user.ToCaller(), workflowId, paging, ct));
        }).WithTags("Audit").RequireAuthorization(WorkflowDslPolicies.For(Permission.View)).WithName("ReadAudit");
        return api;
    }
}

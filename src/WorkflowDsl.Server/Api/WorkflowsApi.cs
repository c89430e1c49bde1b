using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WorkflowDsl.Application;
using WorkflowDsl.Runtime.Storage;
using WorkflowDsl.Server.Security;

namespace WorkflowDsl.Server.Api;

/// <summary>The request body that starts a prepared manual run.</summary>
/// <param name="Confirmation">The token the prepare call returned.</param>
public sealed record StartRunRequest(string? Confirmation);

/// <summary>The request body that releases a stuck run's lock.</summary>
/// <param name="Reason">Why (recorded with the interrupted run and in the audit log).</param>
public sealed record ReleaseRequest(string? Reason);

/// <summary>The request body that switches scheduling.</summary>
/// <param name="On">True for On, false for Off.</param>
public sealed record SchedulingRequest(bool? On);

/// <summary>The workflow endpoints of <c>/api/v1</c>: list, inspect, preview, run, confirm, schedule, results, runs, messages.
/// Each translates HTTP to <see cref="IWorkflowService"/> and back; no rule lives here.</summary>
internal static class WorkflowsApi
{
    public static RouteGroupBuilder MapWorkflowsApi(this RouteGroupBuilder api)
    {
        var workflows = api.MapGroup("/workflows").WithTags("Workflows");
        workflows.MapGet("/", ListAsync).RequireAuthorization(WorkflowDslPolicies.For(Permission.View)).WithName("ListWorkflows");

        var one = workflows.MapGroup("/{id}").AddEndpointFilter<WorkflowAccessFilter>();
        one.MapGet("/", async Task<IResult> (string id, ClaimsPrincipal user, IWorkflowService service, CancellationToken ct) =>
            Problems.Of(await service.GetAsync(user.ToCaller(), id, ct))).RequireAuthorization(WorkflowDslPolicies.For(Permission.View)).WithName("GetWorkflow");
        one.MapGet("/target-group", async Task<IResult> (string id, int? excludedBy, string? search, int? page, int? pageSize, ClaimsPrincipal user, IWorkflowService service, CancellationToken ct) =>
            Problems.Of(await service.PreviewTargetGroupAsync(user.ToCaller(), id, new TargetGroupPreviewQuery(excludedBy, search, Paging(page, pageSize)), ct)))
            .RequireAuthorization(WorkflowDslPolicies.For(Permission.View)).WithName("PreviewTargetGroup");
        one.MapPost("/runs/prepare", async Task<IResult> (string id, ClaimsPrincipal user, IWorkflowService service, CancellationToken ct) =>
            Problems.Of(await service.PrepareRunAsync(user.ToCaller(), id, ct))).RequireAuthorization(WorkflowDslPolicies.For(Permission.Run)).WithName("PrepareRun");
        one.MapPost("/runs", async Task<IResult> (string id, StartRunRequest? body, ClaimsPrincipal user, IWorkflowService service, CancellationToken ct) =>
        {
            if (string.IsNullOrWhiteSpace(body?.Confirmation))
                return Problems.Invalid("confirmation", "the body needs the confirmation token: call POST /api/v1/workflows/{id}/runs/prepare first, check the counts, then send {\"confirmation\": \"<token>\"}.");
            return Problems.Of(await service.StartRunAsync(user.ToCaller(), id, body.Confirmation, ct), r => TypedResults.Created($"/api/v1/workflows/{id}/runs/{r.RunId}", r));
        }).RequireAuthorization(WorkflowDslPolicies.For(Permission.Run)).WithName("StartRun");
        one.MapGet("/runs", async Task<IResult> (string id, int? page, int? pageSize, ClaimsPrincipal user, IWorkflowService service, CancellationToken ct) =>
            Problems.Of(await service.GetRunsAsync(user.ToCaller(), id, Paging(page, pageSize), ct))).RequireAuthorization(WorkflowDslPolicies.For(Permission.View)).WithName("ListRuns");
        one.MapGet("/runs/{runId:guid}/messages", async Task<IResult> (string id, Guid runId, int? page, int? pageSize, ClaimsPrincipal user, IWorkflowService service, CancellationToken ct) =>
            Problems.Of(await service.GetRunMessagesAsync(user.ToCaller(), id, runId, Paging(page, pageSize), ct))).RequireAuthorization(WorkflowDslPolicies.For(Permission.View)).WithName("ListRunMessages");
        one.MapPost("/held-run/confirm", async Task<IResult> (string id, ClaimsPrincipal user, IWorkflowService service, CancellationToken ct) =>
            Problems.Of(await service.ConfirmHeldRunAsync(user.ToCaller(), id, ct))).RequireAuthorization(WorkflowDslPolicies.For(Permission.ConfirmHeldRuns)).WithName("ConfirmHeldRun");
        one.MapPost("/release", async Task<IResult> (string id, ReleaseRequest? body, ClaimsPrincipal user, IWorkflowService service, CancellationToken ct) =>
            Problems.Of(await service.ReleaseRunAsync(user.ToCaller(), id, body?.Reason ?? "", ct), runId => TypedResults.Ok(new { interruptedRunId = runId })))
            .RequireAuthorization(WorkflowDslPolicies.For(Permission.Release)).WithName("ReleaseRun");
        one.MapPut("/scheduling", async Task<IResult> (string id, SchedulingRequest? body, ClaimsPrincipal user, IWorkflowService service, CancellationToken ct) =>
        {
            if (body?.On is not { } on) return Problems.Invalid("on", "the body needs {\"on\": true} or {\"on\": false}.");
            return Problems.Of(await service.SetSchedulingAsync(user.ToCaller(), id, on, ct));
        }).RequireAuthorization(WorkflowDslPolicies.For(Permission.Schedule)).WithName("SetScheduling");
        one.MapGet("/results", async Task<IResult> (string id, ClaimsPrincipal user, IWorkflowService service, CancellationToken ct) =>
            Problems.Of(await service.GetResultsAsync(user.ToCaller(), id, ct))).RequireAuthorization(WorkflowDslPolicies.For(Permission.View)).WithName("GetResults");
        return api;
    }

    private static async Task<IResult> ListAsync(string? label, WorkflowStatus? status, SchedulingState? scheduling, bool? hasErrors, string? search,
        WorkflowSort? sort, bool? descending, int? page, int? pageSize, ClaimsPrincipal user, IWorkflowService service, CancellationToken ct) =>
        Problems.Of(await service.ListAsync(user.ToCaller(),
            new WorkflowListQuery(label, status, scheduling, hasErrors, search, sort ?? WorkflowSort.Name, descending ?? false, Paging(page, pageSize)), ct));

    internal static Paging Paging(int? page, int? pageSize) => new(page ?? 1, pageSize ?? 50);
}

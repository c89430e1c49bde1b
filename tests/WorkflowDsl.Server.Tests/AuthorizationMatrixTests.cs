using System.Net;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace WorkflowDsl.Server.Tests;

/// <summary>Every endpoint of the app, found in its route table, against every kind of caller. A new endpoint
/// without a policy (or an explicit AllowAnonymous) fails here; so does one that lets the wrong caller in.</summary>
[Collection("server")]
public sealed class AuthorizationMatrixTests
{
    /// <summary>The endpoints that may be called without signing in, and why.</summary>
    private static readonly HashSet<string> Anonymous = new(StringComparer.Ordinal)
    {
        "POST /api/v1/account/sign-in", // how one signs in
        "GET /health",                   // load balancers
        "GET /openapi/{documentName}.json", // the API's description
        "GET /account/sign-in",          // the dashboard's sign-in page
    };

    /// <summary>The permission each policy stands for (the product rules' operations), written out here
    /// rather than read from the code under test.</summary>
    private static readonly Dictionary<string, string> PolicyPermission = new(StringComparer.Ordinal)
    {
        ["wfdsl:View"] = "View", ["wfdsl:Run"] = "Run", ["wfdsl:Schedule"] = "Schedule", ["wfdsl:ConfirmHeldRuns"] = "ConfirmHeldRuns",
        ["wfdsl:Import"] = "Import", ["wfdsl:Release"] = "Release", ["wfdsl:super-administrator"] = "super", ["wfdsl:signed-in"] = "signed-in",
    };

    private static List<(string Method, string Route, string? Policy, bool AllowAnonymous)> Endpoints(IServiceProvider services) =>
        services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(m => (m, "/" + e.RoutePattern.RawText!.TrimStart('/'),
                    e.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).LastOrDefault(p => p is not null),
                    e.Metadata.GetMetadata<IAllowAnonymous>() is not null)))
            .ToList();

    [Fact]
    public async Task Every_endpoint_has_a_policy_or_is_a_known_anonymous_one()
    {
        await using var world = await ServerWorld.StartAsync();

        var endpoints = Endpoints(world.Services);

        Assert.True(endpoints.Count >= 20, $"only {endpoints.Count} endpoints found");
        foreach (var (method, route, policy, allowAnonymous) in endpoints)
        {
            string name = method + " " + route;
            if (allowAnonymous) Assert.True(Anonymous.Contains(name) || route == "/", $"{name} allows anonymous callers but is not on the list of anonymous endpoints");
            else Assert.True(policy is not null && PolicyPermission.ContainsKey(policy), $"{name} has no WorkflowDsl authorization policy ({policy ?? "none"})");
        }
    }

    [Fact]
    public async Task Every_endpoint_answers_each_kind_of_caller_as_the_rules_say()
    {
        await using var world = await ServerWorld.StartAsync();
        var super = await world.SuperAsync();
        // Callers: anonymous; signed in with no labels (all permissions); another label; the workflow's label
        // with View only; the workflow's label with every permission; a super-administrator.
        var callers = new Dictionary<string, HttpClient?>
        {
            ["anonymous"] = world.Client(),
            ["no-labels"] = await world.AdministratorAsync(super, "nolabels", [], ["All"]),
            ["other-label"] = await world.AdministratorAsync(super, "hruser", ["hr"], ["All"]),
            ["right-label-view"] = await world.AdministratorAsync(super, "itviewer", ["it"], ["View"]),
            ["right-label-all"] = await world.AdministratorAsync(super, "itadmin", ["it"], ["All"]),
            ["super"] = await world.AdministratorAsync(super, "super2", [], [], isSuper: true),
        };
        var failures = new List<string>();
        foreach (var (method, route, policy, allowAnonymous) in Endpoints(world.Services).Where(e => e.Route.StartsWith("/api/", StringComparison.Ordinal)))
        {
            if (route == "/api/v1/account/sign-out") continue; // would end the caller's session for the next rows; checked on its own below
            string path = route.Replace("{id}", "it-invite").Replace("{runId:guid}", Guid.Empty.ToString()).Replace("{keyId}", "unknown");
            bool workflowRoute = route.Contains("{id}", StringComparison.Ordinal);
            foreach (var (who, client) in callers)
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), path);
                if (method is "POST" or "PUT") request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
                var response = await client!.SendAsync(request);
                int status = (int)response.StatusCode;
                string need = policy is null ? "anonymous" : PolicyPermission[policy];
                int[] expected = Expected(who, need, workflowRoute, allowAnonymous, unknownItem: route.Contains("{runId", StringComparison.Ordinal) || route.Contains("{keyId}", StringComparison.Ordinal));
                if (status >= 500 || !Allowed(status, expected))
                    failures.Add($"{method} {path} as {who}: {status} (expected {string.Join("/", expected.Select(e => e == 0 ? "2xx/400/409" : e.ToString()))}) {await response.Content.ReadAsStringAsync()}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>0 stands for "let in": any 2xx, or 400/409 from the body checks (the matrix sends an empty body).</summary>
    private static int[] Expected(string who, string need, bool workflowRoute, bool allowAnonymous, bool unknownItem)
    {
        if (allowAnonymous) return [0, 401];
        if (who == "anonymous") return [401];
        if (need == "super") return who == "super" ? [0] : [403];
        if (need == "signed-in") return [0];
        bool hasPermission = who switch
        {
            "right-label-view" => need == "View",
            _ => true,
        };
        if (!hasPermission) return [403];
        // The matrix asks for a run and an API key that do not exist.
        if (unknownItem && !workflowRoute) return [404];
        if (!workflowRoute) return [0];
        // The workflow carries label "it": callers without it find no such workflow.
        if (who is "no-labels" or "other-label") return [404];
        return unknownItem ? [404] : [0];
    }

    private static bool Allowed(int status, int[] expected) =>
        expected.Any(e => e == 0 ? (status is >= 200 and < 300 or 400 or 409) : status == e);
}

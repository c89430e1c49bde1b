using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using WorkflowDsl.Application;
using WorkflowDsl.Application.Configuration;
using WorkflowDsl.Examples.Demo;
using WorkflowDsl.Runtime.Storage;
using WorkflowDsl.Server;

namespace WorkflowDsl.Examples.Hosting;

/// <summary>The example server: the example workflows on the embedded default (SQLite file
/// <c>data/workflows.db</c>, Hangfire in memory, email to a pickup folder, SMS and push to outbox files
/// under <c>data/outbox/</c>), the demo organisation imported into an empty database, scheduling switched on
/// for the demo workflows the first time, and the address to open printed. Nothing is deleted at start:
/// a restarted server continues where it stopped.</summary>
public static class ServerHost
{
    /// <summary>The embedded default's settings; appsettings.json, environment variables and the command line override them.</summary>
    public static Dictionary<string, string?> Defaults(string dataFolder) => new(DeliveryDefaults(dataFolder))
    {
        ["Urls"] = "http://127.0.0.1:5080",
        ["WorkflowDsl:Database:Provider"] = "Sqlite",
        ["WorkflowDsl:Database:ConnectionString"] = Path.Combine(dataFolder, "workflows.db"),
    };

    /// <summary>Delivery on the embedded default, for the server and the one-shot job: email to a pickup folder,
    /// SMS and push to JSON-lines files, all under <paramref name="dataFolder"/>/outbox.</summary>
    public static Dictionary<string, string?> DeliveryDefaults(string dataFolder) => new()
    {
        ["WorkflowDsl:Delivery:Email:FromAddress"] = "learning@example.com",
        ["WorkflowDsl:Delivery:Email:FromName"] = "Learning",
        ["WorkflowDsl:Delivery:Email:PickupFolder"] = Path.Combine(dataFolder, "outbox", "email"),
        ["WorkflowDsl:Delivery:Sms:OutboxFile"] = Path.Combine(dataFolder, "outbox", "sms.jsonl"),
        ["WorkflowDsl:Delivery:Push:OutboxFile"] = Path.Combine(dataFolder, "outbox", "push.jsonl"),
    };

    /// <summary>Builds the host (tests start it on a free port with their own data folder).</summary>
    public static WebApplication Build(string[] args, string dataFolder, bool seedDemo = true)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource { InitialData = Defaults(dataFolder) });
        builder.Services.AddWorkflowDsl(builder.Configuration, dsl => dsl
            .AddWorkflows(GeneratedWorkflows.PlanTable)
            .AddTemplates(GeneratedWorkflows.Templates));
        builder.Services.AddWorkflowDslServer(builder.Configuration);
        if (seedDemo) builder.Services.AddHostedService<DemoSeeder>();
        var app = builder.Build();
        // The dashboard is at "/" (sign in at /account/sign-in).
        app.MapWorkflowDsl();
        return app;
    }

    /// <summary>Runs the server until it is stopped (Ctrl+C).</summary>
    public static async Task RunAsync(string[] args)
    {
        var app = Build(args, Path.GetFullPath("data"));
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            foreach (string address in addresses) Console.WriteLine($"WorkflowDsl server listening: open {address}/ for the dashboard (API {address}/api/v1, OpenAPI {address}/openapi/v1.json)");
            Console.WriteLine("Press Ctrl+C to stop.");
        });
        await app.RunAsync();
    }

    /// <summary>Imports the demo organisation into an empty database and switches scheduling on for the
    /// demo workflows that have a schedule, once: an administrator's later choice stays.</summary>
    private sealed class DemoSeeder(IWorkflowService service, WorkflowDatabase database) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            await using (var db = database.CreateContext())
            {
                if (db.Users.Any()) return;
            }
            var caller = Caller.System("demo-seed");
            var import = await service.ImportDirectoryAsync(caller, DemoOrganisation.Generate(), cancellationToken);
            Console.WriteLine(import.Succeeded
                ? $"Demo organisation imported: {import.Value!.Inserted["users"]} users."
                : $"Demo organisation not imported: {import.Refusal}");
            foreach (var plan in GeneratedWorkflows.Plans.Where(p => p.Schedule is not null))
            {
                var outcome = await service.SetSchedulingAsync(caller, plan.Id, true, cancellationToken);
                Console.WriteLine(outcome.Succeeded ? $"Scheduling on: {plan.Id} ({plan.Schedule!.Cron}, {plan.Schedule.TimeZone})" : $"Scheduling of {plan.Id} not switched on: {outcome.Refusal}");
            }
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

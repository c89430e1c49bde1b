using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using WorkflowDsl.Dispatch.Configuration;
using WorkflowDsl.Dispatch.Dispatching;
using WorkflowDsl.Dispatch.Results;
using WorkflowDsl.Dispatch.Storage;
using WorkflowDsl.Examples.Demo;
using WorkflowDsl.Examples.Workflows;
using WorkflowDsl.Plan;
using WorkflowDsl.Runtime.Storage;
using WorkflowDsl.Templates;

namespace WorkflowDsl.Examples.Delivery;

/// <summary>Delivers what the demo runs planned: emails as .eml files in a pickup folder, SMS and push as
/// JSON lines in outbox files under the data folder (the embedded default, no servers), or to SMTP, Twilio
/// and FCM when an appsettings.json next to the example configures them. Then dispatches again to show
/// that nothing is sent twice.</summary>
public static class DemoDelivery
{
    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    /// <summary>The embedded default: every channel writes files under <paramref name="dataFolder"/>.</summary>
    public static Dictionary<string, string?> Defaults(string dataFolder) => new()
    {
        ["WorkflowDsl:Delivery:Email:FromAddress"] = "learning@example.com",
        ["WorkflowDsl:Delivery:Email:FromName"] = "Learning",
        ["WorkflowDsl:Delivery:Email:PickupFolder"] = Path.Combine(dataFolder, "outbox", "email"),
        ["WorkflowDsl:Delivery:Sms:OutboxFile"] = Path.Combine(dataFolder, "outbox", "sms.jsonl"),
        ["WorkflowDsl:Delivery:Push:OutboxFile"] = Path.Combine(dataFolder, "outbox", "push.jsonl"),
    };

    /// <summary>Dispatches the outbox of the demo database at <paramref name="databasePath"/> twice and prints
    /// where the messages went and a summary per channel.</summary>
    public static async Task RunAsync(IReadOnlyList<WorkflowPlan> plans, string databasePath)
    {
        string dataFolder = Path.GetDirectoryName(Path.GetFullPath(databasePath))!;
        string settings = Path.Combine(AppContext.BaseDirectory, "appsettings.json");
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(Defaults(dataFolder))
            .AddJsonFile(settings, optional: true)
            .AddEnvironmentVariables()
            .Build();

        // The demo database is new at every start, so files of an earlier start are stale: remove them.
        string outbox = Path.Combine(dataFolder, "outbox");
        if (Directory.Exists(outbox)) Directory.Delete(outbox, recursive: true);

        var templates = BuiltInTemplates.All
            .Append(ForkliftTemplates.Invitation().Build(ForkliftTemplates.InvitationId))
            .Append(ForkliftTemplates.Nudge().Build(ForkliftTemplates.NudgeId))
            .Append(ForkliftTemplates.HrDigest().Build(ForkliftTemplates.HrDigestId));
        var services = new ServiceCollection()
            .AddSingleton(WorkflowDatabase.Sqlite(databasePath))
            .AddSingleton(new WorkflowCatalog(plans, templates))
            .AddSingleton<TimeProvider>(new FixedClock(DemoOrganisation.Now))
            .AddWorkflowDispatch(configuration);
        await using var provider = services.BuildServiceProvider();
        provider.ValidateWorkflowDispatch();
        var database = provider.GetRequiredService<DispatchDatabase>();
        await database.EnsureCreatedAsync();
        var dispatcher = provider.GetRequiredService<OutboxDispatcher>();

        Console.WriteLine();
        Console.WriteLine(File.Exists(settings) ? $"Delivery (configured by {settings}):" : "Delivery (embedded default: files, no servers; configure SMTP/Twilio/FCM in appsettings.json, see docs/delivery.md):");
        var first = await dispatcher.DispatchAsync();
        Print(first);
        await using (var db = database.CreateContext())
        {
            Console.WriteLine($"  {"workflow",-28} {"channel",-7} {"delivered",9} {"failed",7} {"skipped",7} {"pending",7}");
            foreach (var plan in plans)
            {
                var results = await DeliveryResults.ComputeAsync(db, plan.Id);
                foreach (var channel in new[] { Channel.Email, Channel.Push, Channel.Sms })
                {
                    var total = results.Total(channel);
                    if (total.Delivered + total.Failed + total.Skipped + total.Pending == 0) continue;
                    Console.WriteLine($"  {plan.Id,-28} {channel,-7} {total.Delivered,9} {total.Failed,7} {total.Skipped,7} {total.Pending,7}");
                }
            }
        }

        Console.WriteLine();
        Console.WriteLine("Dispatch again:");
        var second = await dispatcher.DispatchAsync();
        Console.WriteLine(second.Sent == 0
            ? $"  => nothing new sent ({second.MessagesRead} outbox rows without a final result)."
            : $"  => UNEXPECTED: the second pass sent {second.Sent} messages.");
    }

    private static void Print(DispatchReport report)
    {
        Console.WriteLine($"  {report.MessagesRead} outbox rows in {report.Elapsed.TotalSeconds:F1} s");
        foreach (var c in report.Channels)
        {
            Console.WriteLine($"  {c.Channel,-6} sent {c.Sent,5}  failed {c.Failed,3}  retry later {c.FailedTransient,3}  skipped {c.Skipped,3}  -> {c.Destination}");
        }
        foreach (var problem in report.Problems) Console.WriteLine("  problem: " + problem);
    }
}

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using WorkflowDsl.Application;
using WorkflowDsl.Application.Configuration;
using WorkflowDsl.Dispatch.Dispatching;

namespace WorkflowDsl.Examples.Demo;

/// <summary>The one-shot job (<c>--run-once</c>), written against the application entry point
/// (<c>AddWorkflowDsl</c> + <see cref="IWorkflowService"/>) as any application would: the demo database
/// (created at the first start, continued at every later one: nothing is deleted), the demo organisation
/// imported (twice, to show the second import changes nothing), every example workflow run once and its
/// results printed, run again (nothing new is planned), then the outbox delivered (files under
/// <c>data/outbox/</c> by default, or SMTP/Twilio/FCM from appsettings.json) and delivered again (nothing is
/// sent twice). Returns the process exit code: 0 when all of that held and every message has a final
/// result; otherwise 1, and the last line says how many messages are left and why (the next start
/// continues them).</summary>
public static class RunOnce
{
    // The demo's time: DemoOrganisation.Now at the database's first start, then moving with real time,
    // so a later start sees the retry times and claim expiries of the earlier one come and go.
    private sealed class DemoClock(TimeSpan offset) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
    }

    /// <summary>The demo clock for the database under <paramref name="dataFolder"/>: <see cref="DemoOrganisation.Now"/>
    /// when the database is new (its real start time is kept in <c>demo.clock</c>), later by the real time passed since.</summary>
    private static TimeProvider ClockFor(string dataFolder, bool newDatabase)
    {
        string file = Path.Combine(dataFolder, "demo.clock");
        DateTimeOffset firstStart;
        if (newDatabase || !File.Exists(file) || !DateTimeOffset.TryParse(File.ReadAllText(file).Trim(), System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.AssumeUniversal, out firstStart))
        {
            firstStart = TimeProvider.System.GetUtcNow();
            Directory.CreateDirectory(dataFolder);
            File.WriteAllText(file, firstStart.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        }
        return new DemoClock(DemoOrganisation.Now - firstStart);
    }

    /// <summary>The embedded default of the one-shot job: a database and outbox files under <paramref name="dataFolder"/>.</summary>
    public static Dictionary<string, string?> Defaults(string dataFolder) => new(Hosting.ServerHost.DeliveryDefaults(dataFolder))
    {
        ["WorkflowDsl:Database:ConnectionString"] = Path.Combine(dataFolder, "demo.db"),
        ["WorkflowDsl:PageSize"] = "1000",
    };

    /// <summary>Runs the job with its data under <paramref name="dataFolder"/>: a database left by an earlier
    /// start is continued (its messages without a final result are delivered now), never deleted; delete the
    /// folder to start over.</summary>
    public static async Task<int> RunAsync(string dataFolder)
    {
        dataFolder = Path.GetFullPath(dataFolder);
        bool newDatabase = !File.Exists(Path.Combine(dataFolder, "demo.db"));
        var clock = ClockFor(dataFolder, newDatabase);

        string settings = Path.Combine(AppContext.BaseDirectory, "appsettings.json");
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(Defaults(dataFolder))
            .AddJsonFile(settings, optional: true)
            .AddEnvironmentVariables()
            .Build();
        await using var provider = new ServiceCollection()
            .AddSingleton(clock)
            .AddWorkflowDsl(configuration, dsl => dsl.AddWorkflows(GeneratedWorkflows.PlanTable).AddTemplates(GeneratedWorkflows.Templates))
            .BuildServiceProvider();
        await provider.StartWorkflowDslAsync();
        var service = provider.GetRequiredService<IWorkflowService>();
        var demo = Caller.System("demo");
        Console.WriteLine(newDatabase
            ? $"New demo database {Path.Combine(dataFolder, "demo.db")}."
            : $"Continuing the demo database of an earlier start, {Path.Combine(dataFolder, "demo.db")} (delete {dataFolder} to start over).");

        Console.WriteLine("Channels deliver to:");
        foreach (var (channel, sender) in provider.GetRequiredService<OutboxDispatcher>().Senders)
            Console.WriteLine($"  {channel,-6} {sender.GetType().Name}");

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var import = (await service.ImportDirectoryAsync(demo, DemoOrganisation.Generate())).GetValueOrThrow();
        Console.WriteLine($"Imported in {watch.Elapsed.TotalSeconds:F1} s");
        Console.WriteLine($"Demo organisation: {import.Inserted["users"]} users, {import.Inserted["assignments"]} assignments, {import.Inserted["completions"]} completions -> {Path.Combine(dataFolder, "demo.db")}");
        var again = (await service.ImportDirectoryAsync(demo, DemoOrganisation.Generate())).GetValueOrThrow();
        Console.WriteLine($"Importing it again changes nothing: {again.ChangedNothing}");

        Console.WriteLine();
        Console.WriteLine($"Run 1 at {clock.GetUtcNow():yyyy-MM-dd HH:mm} UTC, every example workflow once:");
        var first = await RunAllAsync(service, demo);
        await PrintAsync(service, demo, first);

        Console.WriteLine();
        Console.WriteLine("Run 2 on the same data at the same time:");
        var second = await RunAllAsync(service, demo);
        foreach (var (id, outcome) in second)
            Console.WriteLine($"  {id,-28} {(outcome.Succeeded ? $"targets {outcome.Value!.Targets,5}   new messages {outcome.Value.UserMessages + outcome.Value.DigestMessages}" : outcome.Refusal!.ToString())}");
        bool nothingNew = second.All(r => r.Outcome.Succeeded && r.Outcome.Value!.UserMessages + r.Outcome.Value.DigestMessages == 0);
        Console.WriteLine(nothingNew ? "  => nothing new planned." : "  => UNEXPECTED: the second run planned messages.");

        Console.WriteLine();
        Console.WriteLine(File.Exists(settings) ? $"Delivery (configured by {settings}):" : "Delivery (embedded default: files, no servers; configure SMTP/Twilio/FCM in appsettings.json, see docs/delivery.md):");
        var delivered = (await service.DeliverOutboxAsync(demo)).GetValueOrThrow();
        Print(delivered);
        Console.WriteLine($"  {"workflow",-28} {"channel",-7} {"delivered",9} {"failed",7} {"skipped",7} {"pending",7}");
        foreach (var (id, _) in first)
        {
            var results = (await service.GetResultsAsync(demo, id)).GetValueOrThrow().Delivery;
            foreach (var channel in new[] { Channel.Email, Channel.Push, Channel.Sms })
            {
                var total = results.Total(channel);
                if (total.Delivered + total.Failed + total.Skipped + total.Pending == 0) continue;
                Console.WriteLine($"  {id,-28} {channel,-7} {total.Delivered,9} {total.Failed,7} {total.Skipped,7} {total.Pending,7}");
            }
        }

        Console.WriteLine();
        Console.WriteLine("Dispatch again:");
        var redo = (await service.DeliverOutboxAsync(demo)).GetValueOrThrow();
        // The second pass may send only what the first left without a final result (a retry); anything else would be a duplicate.
        bool noDuplicate = redo.Sent <= delivered.Unfinished;
        Console.WriteLine(redo.Sent == 0
            ? $"  => nothing new sent ({redo.MessagesRead} outbox rows without a final result)."
            : noDuplicate
                ? $"  => {redo.Sent} message(s) the first pass had left for a retry were sent."
                : $"  => UNEXPECTED: the second pass sent {redo.Sent} messages; the first had left {delivered.Unfinished} without a final result.");
        foreach (var problem in redo.Problems.Except(delivered.Problems)) Console.WriteLine("  problem: " + problem);

        // The last line says whether the job succeeded and, if not, why.
        var failures = new List<string>();
        if (!nothingNew) failures.Add("the second run planned messages");
        if (!noDuplicate) failures.Add($"the second delivery pass sent {redo.Sent} messages");
        if (delivered.Problems.Count > 0) failures.Add($"delivery problem: {delivered.Problems[0]}");
        if (redo.Unfinished > 0) failures.Add($"{redo.DescribePending()}; the next start continues them");
        Console.WriteLine();
        Console.WriteLine(failures.Count == 0
            ? "Done: every planned message has a final result."
            : "FAILED (exit code 1): " + string.Join("; ", failures));
        return failures.Count == 0 ? 0 : 1;
    }

    private static async Task<List<(string Id, Outcome<Runtime.Runs.RunReport> Outcome)>> RunAllAsync(IWorkflowService service, Caller demo)
    {
        var reports = new List<(string, Outcome<Runtime.Runs.RunReport>)>();
        foreach (var plan in GeneratedWorkflows.Plans)
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var prepared = (await service.PrepareRunAsync(demo, plan.Id)).GetValueOrThrow();
            reports.Add((plan.Id, await service.StartRunAsync(demo, plan.Id, prepared.Confirmation)));
            Console.WriteLine($"   {plan.Id}: {prepared.Targets} in the group, {prepared.PeopleMessaged} due a message, {watch.Elapsed.TotalSeconds:F1} s");
        }
        return reports;
    }

    private static async Task PrintAsync(IWorkflowService service, Caller demo, List<(string Id, Outcome<Runtime.Runs.RunReport> Outcome)> reports)
    {
        Console.WriteLine();
        Console.WriteLine($"  {"workflow",-28} {"outcome",-10} {"targets",7} {"new",6} {"completed",9} {"rate",6}   {"step",-16} {"to",-9} {"channel",-7} {"planned",7} {"skipped",7}");
        Console.WriteLine("  " + new string('-', 124));
        foreach (var (id, outcome) in reports)
        {
            if (!outcome.Succeeded)
            {
                Console.WriteLine($"  {id,-28} refused: {outcome.Refusal}");
                foreach (var problem in outcome.Refusal!.Details) Console.WriteLine($"      error: {problem}");
                continue;
            }
            var report = outcome.Value!;
            var results = (await service.GetResultsAsync(demo, id)).GetValueOrThrow().Workflow;
            string head = $"  {id,-28} {report.Outcome,-10} {report.Targets,7} {report.NewUsers,6} {report.CompletedUsers,9} {results.CompletionRate,6:P0}";
            if (report.ByStep.Count == 0) Console.WriteLine(head + "   (nothing planned)");
            for (int i = 0; i < report.ByStep.Count; i++)
            {
                var c = report.ByStep[i];
                Console.WriteLine($"{(i == 0 ? head : new string(' ', head.Length))}   {c.StepKey,-16} {c.RecipientKind,-9} {c.Channel,-7} {c.Planned,7} {c.Skipped,7}");
            }
            foreach (var warning in report.Warnings.Take(4)) Console.WriteLine($"      warning: {(warning.Length > 150 ? warning[..147] + "..." : warning)}");
        }
    }

    private static void Print(DispatchReport report)
    {
        Console.WriteLine($"  {report.MessagesRead} outbox rows in {report.Elapsed.TotalSeconds:F1} s");
        foreach (var c in report.Channels)
            Console.WriteLine($"  {c.Channel,-6} sent {c.Sent,5}  failed {c.Failed,3}  retry later {c.FailedTransient,3}  skipped {c.Skipped,3}  -> {c.Destination}");
        foreach (var problem in report.Problems) Console.WriteLine("  problem: " + problem);
    }
}

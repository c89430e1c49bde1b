using WorkflowDsl.Examples.Workflows;
using WorkflowDsl.Plan;
using WorkflowDsl.Runtime.DirectoryImport;
using WorkflowDsl.Runtime.Results;
using WorkflowDsl.Runtime.Runs;
using WorkflowDsl.Runtime.Storage;
using WorkflowDsl.Templates;

namespace WorkflowDsl.Examples.Demo;

/// <summary>Runs every example workflow once against the demo organisation on SQLite and prints the
/// results; then runs them again on the same data to show that a second run plans nothing new.</summary>
public static class DemoRunner
{
    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private sealed class ConsoleProgress : IProgress<RunProgress>
    {
        public void Report(RunProgress value)
        {
            if (value.UsersProcessed % 1000 == 0) Console.WriteLine($"     ... {value.WorkflowId}: {value.UsersProcessed} users processed");
        }
    }

    /// <summary>Runs the demo with a fresh database at <paramref name="databasePath"/>.</summary>
    public static async Task RunAsync(IReadOnlyList<WorkflowPlan> plans, string databasePath)
    {
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            if (File.Exists(databasePath + suffix)) File.Delete(databasePath + suffix);
        var database = WorkflowDatabase.Sqlite(databasePath);
        await database.MigrateAsync();

        var organisation = DemoOrganisation.Generate();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var import = await DirectoryImporter.ImportAsync(database, organisation);
        Console.WriteLine($"Imported in {watch.Elapsed.TotalSeconds:F1} s");
        Console.WriteLine($"Demo organisation: {import.Inserted["users"]} users, {import.Inserted["assignments"]} assignments, {import.Inserted["completions"]} completions -> {databasePath}");
        var again = await DirectoryImporter.ImportAsync(database, DemoOrganisation.Generate());
        Console.WriteLine($"Importing it again changes nothing: {again.ChangedNothing}");

        var templates = BuiltInTemplates.All
            .Append(ForkliftTemplates.Invitation().Build(ForkliftTemplates.InvitationId))
            .Append(ForkliftTemplates.Nudge().Build(ForkliftTemplates.NudgeId))
            .Append(ForkliftTemplates.HrDigest().Build(ForkliftTemplates.HrDigestId))
            .ToDictionary(t => t.Id);
        var clock = new FixedClock(DemoOrganisation.Now);
        var engine = new RunEngine(database, clock, new RunOptions { Templates = templates, PageSize = 1000, Progress = new ConsoleProgress() });

        Console.WriteLine();
        Console.WriteLine($"Run 1 at {DemoOrganisation.Now:yyyy-MM-dd HH:mm} UTC, every example workflow once:");
        var first = new List<RunReport>();
        foreach (var plan in plans)
        {
            watch.Restart();
            first.Add(await engine.RunNowAsync(plan, "demo"));
            Console.WriteLine($"   {plan.Id}: {watch.Elapsed.TotalSeconds:F1} s");
        }
        await PrintAsync(database, plans, first, clock);

        Console.WriteLine();
        Console.WriteLine("Run 2 on the same data at the same time:");
        var second = new List<RunReport>();
        foreach (var plan in plans)
        {
            watch.Restart();
            second.Add(await engine.RunNowAsync(plan, "demo"));
            Console.WriteLine($"   {plan.Id}: {watch.Elapsed.TotalSeconds:F1} s");
        }
        foreach (var report in second)
            Console.WriteLine($"  {report.WorkflowId,-28} targets {report.Targets,5}   new messages {report.UserMessages + report.DigestMessages}");
        Console.WriteLine(second.All(r => r.UserMessages + r.DigestMessages == 0) ? "  => nothing new planned." : "  => UNEXPECTED: the second run planned messages.");
    }

    private static async Task PrintAsync(WorkflowDatabase database, IReadOnlyList<WorkflowPlan> plans, List<RunReport> reports, TimeProvider clock)
    {
        Console.WriteLine();
        Console.WriteLine($"  {"workflow",-28} {"outcome",-10} {"targets",7} {"new",6} {"completed",9} {"rate",6}   {"step",-16} {"to",-9} {"channel",-7} {"planned",7} {"skipped",7}");
        Console.WriteLine("  " + new string('-', 124));
        await using var db = database.CreateContext();
        foreach (var (plan, report) in plans.Zip(reports))
        {
            var results = await WorkflowResults.ComputeAsync(db, plan, clock.GetUtcNow().UtcDateTime);
            string head = $"  {plan.Id,-28} {report.Outcome,-10} {report.Targets,7} {report.NewUsers,6} {report.CompletedUsers,9} {results.CompletionRate,6:P0}";
            if (report.ByStep.Count == 0) Console.WriteLine(head + "   (nothing planned)");
            for (int i = 0; i < report.ByStep.Count; i++)
            {
                var c = report.ByStep[i];
                Console.WriteLine($"{(i == 0 ? head : new string(' ', head.Length))}   {c.StepKey,-16} {c.RecipientKind,-9} {c.Channel,-7} {c.Planned,7} {c.Skipped,7}");
            }
            foreach (var error in report.Errors) Console.WriteLine($"      error: {error}");
            foreach (var warning in report.Warnings.Take(4)) Console.WriteLine($"      warning: {Shorten(warning)}");
        }
    }

    private static string Shorten(string text) => text.Length > 150 ? text[..147] + "..." : text;
}

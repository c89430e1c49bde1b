using Microsoft.EntityFrameworkCore;
using WorkflowDsl.Runtime.DirectoryImport;
using WorkflowDsl.Runtime.Runs;
using WorkflowDsl.Runtime.Storage;
using WorkflowDsl.Users;
using Xunit.Abstractions;

namespace WorkflowDsl.Runtime.Tests;

/// <summary>90 simulated days of the seed's "invitation with follow-up reminders to the trainee and the
/// manager" workflow over an organisation of a few thousand users, run daily at 08:00, with assignments,
/// completions (some expiring) and deactivations arriving over time. Every planned message is checked
/// against an expectation computed here from SPEC.md's rules, independently of the engine.</summary>
public abstract class LongSimulationTests(StoreKind store, ITestOutputHelper output)
{
    private const int Users = 2400;
    private const int Managers = 80;
    private const int Days = 90;
    private static readonly TimeSpan Delay = TimeSpan.FromDays(7);

    private sealed class Person
    {
        public required string Id;
        public string? Manager;
        public int AssignedDay = -1;           // assigned (Mandatory) at 07:00 of this day
        public DateTime? CompletedAt;          // 12:00 of some day
        public DateTime? ExpiresAt;
        public int DeactivatedDay = -1;        // deactivated at 07:00 of this day
    }

    private static List<Person> Generate()
    {
        var random = new Random(20260105);
        var people = new List<Person>();
        for (int m = 0; m < Managers; m++) people.Add(new Person { Id = $"m{m:D3}" });
        for (int i = 0; i < Users - Managers; i++)
        {
            var p = new Person { Id = $"u{i:D4}", Manager = i % 97 == 0 ? null : $"m{random.Next(Managers):D3}" };
            p.AssignedDay = random.NextDouble() < 0.4 ? 0 : random.Next(1, 85);
            if (random.NextDouble() < 0.1) p.AssignedDay = -1;                       // never assigned
            if (p.AssignedDay >= 0 && random.NextDouble() < 0.6)
            {
                int day = p.AssignedDay + random.Next(0, 25);
                p.CompletedAt = Scenario.Day0.UtcDateTime.Date.AddDays(day).AddHours(12);
                if (random.NextDouble() < 0.15) p.ExpiresAt = p.CompletedAt.Value.AddDays(random.Next(2, 30));
            }
            if (random.NextDouble() < 0.03) p.DeactivatedDay = random.Next(1, Days);
            people.Add(p);
        }
        return people;
    }

    private sealed record Expected(HashSet<(string User, string Step, int Day)> UserMessages, HashSet<(string Manager, int Day, string Users)> Digests, int NoManager);

    /// <summary>The rules, restated for this workflow (invite; wait 7 days from the last message; remind
    /// the user and, in the same run, list them in their manager's one digest of the run).</summary>
    private static Expected Expect(List<Person> people)
    {
        var messages = new HashSet<(string, string, int)>();
        var digestLists = new Dictionary<(string Manager, int Day), List<string>>();
        int noManager = 0;
        foreach (var p in people.Where(p => p.AssignedDay >= 0))
        {
            int phase = 0;          // 0 new, 1 invited, 2 finished
            int lastSent = 0;
            for (int day = 0; day < Days; day++)
            {
                var at = Scenario.Day0.UtcDateTime.AddDays(day);
                bool assigned = p.AssignedDay <= day;
                bool active = p.DeactivatedDay < 0 || day < p.DeactivatedDay;
                bool completed = p.CompletedAt <= at && (p.ExpiresAt is null || p.ExpiresAt > at);
                if (!assigned || !active || completed) continue;
                if (phase == 0)
                {
                    messages.Add((p.Id, "invite", day));
                    phase = 1;
                    lastSent = day;
                }
                else if (phase == 1 && day >= lastSent + Delay.Days)
                {
                    messages.Add((p.Id, "remind", day));
                    if (p.Manager is null) noManager++;
                    else
                    {
                        if (!digestLists.TryGetValue((p.Manager, day), out var list)) digestLists[(p.Manager, day)] = list = [];
                        list.Add(p.Id);
                    }
                    phase = 2;
                }
            }
        }
        var digests = digestLists.Select(d => (d.Key.Manager, d.Key.Day, string.Join(",", d.Value.Order(StringComparer.Ordinal)))).ToHashSet();
        return new Expected(messages, digests, noManager);
    }

    [StoreFact]
    public async Task Ninety_days_of_daily_runs_plan_exactly_the_messages_the_rules_call_for()
    {
        var people = Generate();
        var s = await Scenario.CreateAsync(store);
        await s.ImportAsync(new DirectoryData
        {
            Contents = [new Content { Id = "SEC-1", Title = "Security basics", Link = "https://learn.example/sec-1" }],
            Users = people.Select(p => new DirectoryUser { Id = p.Id, FirstName = p.Id, Email = p.Id + "@example.com", ManagerId = p.Manager }).ToList(),
        });
        var plan = Workflow.InvitationWithReminders("Security basics", 7.Days(), Channel.Email)
            .ForContents("SEC-1").TargetGroup(t => t.Assignees(Assignment.Mandatory)).Build("sim");
        var started = DateTime.UtcNow;
        int noManagerReported = 0;

        for (int day = 0; day < Days; day++)
        {
            // Events of the last day: deactivations and assignments at 07:00, completions at 12:00 the day before.
            var at = Scenario.Day0.UtcDateTime.AddDays(day);
            if (day > 0) s.Clock.SetUtcNow(new DateTimeOffset(at.AddHours(-1)));
            await s.ImportAsync(new DirectoryData
            {
                Users = people.Where(p => p.DeactivatedDay == day)
                    .Select(p => new DirectoryUser { Id = p.Id, FirstName = p.Id, Email = p.Id + "@example.com", ManagerId = p.Manager, IsActive = false }).ToList(),
                Assignments = people.Where(p => p.AssignedDay == day)
                    .Select(p => new ContentAssignment { UserId = p.Id, ContentId = "SEC-1", Kind = Assignment.Mandatory }).ToList(),
                Completions = people.Where(p => p.CompletedAt is { } c && c > at.AddDays(-1) && c <= at)
                    .Select(p => new Completion { UserId = p.Id, ContentId = "SEC-1", CompletedAt = p.CompletedAt!.Value, ExpiresAt = p.ExpiresAt }).ToList(),
            });
            s.Clock.SetUtcNow(new DateTimeOffset(at));
            var report = await s.RunAsync(plan);
            Assert.Equal(RunOutcome.Completed, report.Outcome);
            noManagerReported += report.Warnings.Where(w => w.StartsWith("no-manager: ")).Sum(w => int.Parse(w.Split(' ')[1]));
        }
        var elapsed = DateTime.UtcNow - started;

        var expected = Expect(people);
        await using var db = s.Database.CreateContext();
        var outbox = await db.Outbox.AsNoTracking().Include(m => m.Entries).ToListAsync();
        int DayOf(DateTime t) => (int)Math.Round((t - Scenario.Day0.UtcDateTime).TotalDays);
        var actualMessages = outbox.Where(m => m.RecipientKind == Recipient.User).Select(m => (m.RecipientId, m.StepKey, DayOf(m.CreatedAt))).ToList();
        var actualDigests = outbox.Where(m => m.RecipientKind == Recipient.Manager)
            .Select(m => (m.RecipientId, DayOf(m.CreatedAt), string.Join(",", m.Entries.Select(e => e.TargetUserId).Order(StringComparer.Ordinal)))).ToList();
        output.WriteLine($"{store}: {Users} users, {Days} daily runs in {elapsed.TotalSeconds:F1} s; {actualMessages.Count} user messages, {actualDigests.Count} digests, {noManagerReported} users without manager reported");

        Assert.True(expected.UserMessages.Count > 2000, "the simulation should exercise the rules: " + expected.UserMessages.Count);
        Assert.Equal(actualMessages.Count, actualMessages.Distinct().Count());
        Assert.Empty(actualMessages.Except(expected.UserMessages).Take(10));
        Assert.Empty(expected.UserMessages.Except(actualMessages).Take(10));
        Assert.Equal(actualDigests.Count, actualDigests.Select(d => (d.Item1, d.Item2)).Distinct().Count());
        Assert.Empty(actualDigests.Except(expected.Digests).Take(10));
        Assert.Empty(expected.Digests.Except(actualDigests).Take(10));
        Assert.Equal(expected.NoManager, noManagerReported);
        Assert.True(expected.NoManager > 0);
    }
}

public sealed class LongSimulationOnSqlite(ITestOutputHelper output) : LongSimulationTests(StoreKind.Sqlite, output);

public sealed class LongSimulationOnPostgres(ITestOutputHelper output) : LongSimulationTests(StoreKind.PostgreSql, output), IPostgresTests;

using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WorkflowDsl.Delivery.Tests.Servers;
using WorkflowDsl.Dispatch.Dispatching;
using WorkflowDsl.Dispatch.Results;
using WorkflowDsl.Dispatch.Storage;
using WorkflowDsl.Dispatch.Tests.Infrastructure;
using WorkflowDsl.Runtime.DirectoryImport;
using WorkflowDsl.Runtime.Runs;
using WorkflowDsl.Runtime.Storage;
using WorkflowDsl.Users;
using Xunit.Abstractions;

namespace WorkflowDsl.Dispatch.Tests;

/// <summary>60 simulated days of the "invitation with follow-up reminders to the trainee and the manager"
/// workflow by email, SMS and push over a few hundred users (some without an email address, a phone number
/// or a device token), run daily at 08:00 and dispatched after every run to the local SMTP, Twilio and FCM
/// servers, with assignments and completions arriving over time. Every message the servers received is
/// checked against an expectation computed here from the rules, independently of the engine and the
/// dispatcher; opens and clicks of a deterministic subset go through the real tracking endpoints and give
/// exactly the expected opened and clicked rates.</summary>
public sealed class LongDeliverySimulationTests(ITestOutputHelper output)
{
    private const int Trainees = 300;
    private const int Managers = 8;
    private const int Days = 60;
    private const int DelayDays = 7;

    private sealed class Person
    {
        public required int Index;
        public required string Id;
        public string? Manager;
        public string? Email;
        public string? Phone;
        public string? Token;
        public int AssignedDay;            // assigned (Mandatory) at 07:00 of this day
        public DateTime? CompletedAt;      // 12:00 of some day
        public bool Opens => Index % 4 == 0;    // opens its first email
        public bool Clicks => Index % 12 == 0;  // and follows its tracked link
    }

    private static List<Person> Generate()
    {
        var random = new Random(20260106);
        var people = new List<Person>();
        for (int i = 0; i < Trainees; i++)
        {
            var p = new Person
            {
                Index = i, Id = $"t{i:D3}",
                Manager = i % 41 == 0 ? null : $"m{random.Next(Managers)}",
                Email = i % 7 == 3 ? null : $"t{i:D3}@example.com",
                Phone = i % 5 == 1 ? null : $"+35840{i:D7}",
                Token = i % 3 == 2 ? null : $"device-t{i:D3}",
                AssignedDay = random.NextDouble() < 0.4 ? 0 : random.Next(1, Days - 5),
            };
            if (random.NextDouble() < 0.6)
                p.CompletedAt = DispatchWorld.Day0.UtcDateTime.Date.AddDays(p.AssignedDay + random.Next(0, 20)).AddHours(12);
            people.Add(p);
        }
        return people;
    }

    /// <summary>The rules, restated: invite on the first run the user is assigned and not completed; 7 days
    /// after the last message, remind them and list them in their manager's one digest of that run; then done.
    /// A completion stops everything that has not been sent yet.</summary>
    private static (Dictionary<string, int> MessagesPerUser, Dictionary<(string Manager, int Day), List<int>> Digests) Expect(List<Person> people)
    {
        var messages = new Dictionary<string, int>();
        var digests = new Dictionary<(string, int), List<int>>();
        foreach (var p in people)
        {
            int phase = 0, lastSent = 0;
            for (int day = 0; day < Days && phase < 2; day++)
            {
                var at = DispatchWorld.Day0.UtcDateTime.AddDays(day);
                if (p.AssignedDay > day || p.CompletedAt <= at) continue;
                if (phase == 0) { phase = 1; lastSent = day; }
                else if (day >= lastSent + DelayDays)
                {
                    phase = 2;
                    if (p.Manager is not null)
                    {
                        if (!digests.TryGetValue((p.Manager, day), out var listed)) digests[(p.Manager, day)] = listed = [];
                        listed.Add(p.Index);
                    }
                }
                else continue;
                messages[p.Id] = messages.GetValueOrDefault(p.Id) + 1;
            }
        }
        return (messages, digests);
    }

    [Fact]
    public async Task Sixty_days_of_runs_and_dispatches_deliver_exactly_the_expected_messages_and_the_expected_open_and_click_rates()
    {
        var started = DateTime.UtcNow;
        var people = Generate();
        var byId = people.ToDictionary(p => p.Id);
        await using var world = await DispatchWorld.CreateAsync(users: 0);
        await using var smtp = new TestSmtpServer();
        await using var twilio = await FakeTwilio.StartAsync();
        await using var fcm = await FakeFcm.StartAsync();
        await using var email = world.Smtp(smtp, connections: 4);
        using var sms = DispatchWorld.Twilio(twilio);
        using var push = DispatchWorld.Fcm(fcm);
        var plan = Workflow.InvitationWithReminders("Fire safety", TimeSpan.FromDays(DelayDays), Channel.Email | Channel.Sms | Channel.Push)
            .ForContents("C1").TargetGroup(t => t.Assignees(Assignment.Mandatory)).Build("long-delivery");
        var dispatcher = world.Dispatcher([email, sms, push], plan, new DispatcherOptions { BatchSize = 200 });

        await DirectoryImporter.ImportAsync(world.Workflows, new DirectoryData
        {
            Users = Enumerable.Range(0, Managers).Select(m => new DirectoryUser { Id = $"m{m}", FirstName = $"Manager{m}", LastName = "Lead", Email = $"m{m}@example.com", Locale = "en" })
                .Concat(people.Select(p => new DirectoryUser
                {
                    Id = p.Id, FirstName = "Trainee" + p.Index, LastName = "Tester", Email = p.Email, Phone = p.Phone,
                    Locale = p.Index % 2 == 0 ? "fi" : "en", ManagerId = p.Manager,
                })).ToList(),
            DeviceTokens = people.Where(p => p.Token is not null).Select(p => new PushDeviceToken { UserId = p.Id, Token = p.Token! }).ToList(),
        });

        int emailsSeen = 0, opensSent = 0, clicksSent = 0;
        var opened = new HashSet<string>();
        var clicked = new HashSet<string>();
        for (int day = 0; day < Days; day++)
        {
            var at = DispatchWorld.Day0.UtcDateTime.AddDays(day);
            if (day > 0) world.Clock.SetUtcNow(new DateTimeOffset(at.AddHours(-1)));
            await DirectoryImporter.ImportAsync(world.Workflows, new DirectoryData
            {
                Assignments = people.Where(p => p.AssignedDay == day)
                    .Select(p => new ContentAssignment { UserId = p.Id, ContentId = "C1", Kind = Assignment.Mandatory }).ToList(),
                Completions = people.Where(p => p.CompletedAt is { } c && c > at.AddDays(-1) && c <= at)
                    .Select(p => new Completion { UserId = p.Id, ContentId = "C1", CompletedAt = p.CompletedAt!.Value }).ToList(),
            });
            world.Clock.SetUtcNow(new DateTimeOffset(at));
            var run = await world.RunAsync(plan);
            Assert.Equal(RunOutcome.Completed, run.Outcome);
            var report = await dispatcher.DispatchAsync();
            Assert.Empty(report.Problems);

            // The day's new emails: the users of the subset open their first one and some follow its link.
            var received = smtp.Messages.ToList();
            foreach (var r in received.Skip(emailsSeen))
            {
                string recipient = Assert.Single(r.EnvelopeTo).Split('@')[0];
                if (!byId.TryGetValue(recipient, out var person)) continue;
                if (person.Opens && opened.Add(person.Id))
                {
                    string pixel = TrackedUrls.Pixel(r.Message.HtmlBody) ?? throw new Xunit.Sdk.XunitException($"no open pixel in the email to {recipient}");
                    using var response = await world.Http.GetAsync(pixel);
                    Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                    opensSent++;
                }
                if (person.Clicks && clicked.Add(person.Id))
                {
                    string link = TrackedUrls.Click(r.Message.HtmlBody) ?? throw new Xunit.Sdk.XunitException($"no tracked link in the email to {recipient}");
                    using var response = await world.Http.GetAsync(link);
                    Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
                    Assert.Equal("https://learn.example.com/c/C1", response.Headers.Location!.ToString());
                    clicksSent++;
                }
            }
            emailsSeen = received.Count;
        }

        var (expectedMessages, expectedDigests) = Expect(people);
        Assert.True(expectedMessages.Values.Sum() > 300, "the simulation should exercise the rules: " + expectedMessages.Values.Sum());
        Assert.True(expectedDigests.Count > 20, "the simulation should send digests: " + expectedDigests.Count);

        // What each server received, per user and channel, against the expectation.
        var expectedEmail = expectedMessages.Where(e => byId[e.Key].Email is not null).ToDictionary(e => e.Key + "@example.com", e => e.Value);
        foreach (var manager in expectedDigests.Keys.GroupBy(d => d.Manager)) expectedEmail[manager.Key + "@example.com"] = manager.Count();
        var expectedSms = expectedMessages.Where(e => byId[e.Key].Phone is not null).ToDictionary(e => byId[e.Key].Phone!, e => e.Value);
        var expectedPush = expectedMessages.Where(e => byId[e.Key].Token is not null).ToDictionary(e => byId[e.Key].Token!, e => e.Value);
        static List<KeyValuePair<string, int>> Sorted(IEnumerable<KeyValuePair<string, int>> counts) => counts.OrderBy(c => c.Key, StringComparer.Ordinal).ToList();
        static IEnumerable<KeyValuePair<string, int>> Count(IEnumerable<string> keys) => keys.GroupBy(k => k).Select(g => KeyValuePair.Create(g.Key, g.Count()));

        Assert.Equal(Sorted(expectedEmail), Sorted(Count(smtp.Messages.Select(m => Assert.Single(m.EnvelopeTo)))));
        Assert.Equal(Sorted(expectedSms), Sorted(Count(twilio.Accepted.Select(r => r.Form["To"]))));
        Assert.Equal(Sorted(expectedPush), Sorted(Count(fcm.Accepted.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("message").GetProperty("token").GetString()!))));
        // Each digest a manager received lists exactly the users the rules name for one of that manager's days.
        static string Listed(string manager, IEnumerable<int> trainees) => manager + ": " + string.Join(",", trainees.Order());
        var receivedDigests = smtp.Messages.Where(m => m.EnvelopeTo[0].StartsWith('m'))
            .Select(m => Listed(m.EnvelopeTo[0].Split('@')[0], System.Text.RegularExpressions.Regex.Matches(m.Message.TextBody ?? "", @"\bTrainee(\d+)\b").Select(x => int.Parse(x.Groups[1].Value)).Distinct()));
        Assert.Equal(expectedDigests.Select(d => Listed(d.Key.Manager, d.Value)).Order(StringComparer.Ordinal), receivedDigests.Order(StringComparer.Ordinal));

        // No message was handed to a provider twice: one attempt per message and channel, all sent.
        var attempts = await world.AttemptsAsync();
        Assert.All(attempts, a => Assert.Equal(AttemptState.Sent, a.State));
        Assert.Equal(attempts.Count, attempts.Select(a => (a.OutboxMessageId, a.Channel)).Distinct().Count());
        Assert.Equal(expectedEmail.Values.Sum() + expectedSms.Values.Sum() + expectedPush.Values.Sum(), attempts.Count);

        // Skipped = the users' messages on channels they lack contact data for; nothing failed or pending.
        await using var db = world.Database.CreateContext();
        var results = await DeliveryResults.ComputeAsync(db, plan.Id);
        int Lacking(Func<Person, bool> lacks) => expectedMessages.Where(e => lacks(byId[e.Key])).Sum(e => e.Value);
        foreach (var (channel, lacks, sent) in new (Channel, Func<Person, bool>, int)[]
                 {
                     (Channel.Email, p => p.Email is null, expectedEmail.Values.Sum() - expectedDigests.Count),
                     (Channel.Sms, p => p.Phone is null, expectedSms.Values.Sum()),
                     (Channel.Push, p => p.Token is null, expectedPush.Values.Sum()),
                 })
        {
            var users = results.ByStep.Where(s => s.RecipientKind == Recipient.User && s.Channel == channel).ToList();
            Assert.Equal((sent, 0, Lacking(lacks), 0), (users.Sum(s => s.Delivered), users.Sum(s => s.Failed), users.Sum(s => s.Skipped), users.Sum(s => s.Pending)));
        }
        var digestsByEmail = results.ByStep.Where(s => s.RecipientKind == Recipient.Manager && s.Channel == Channel.Email).ToList();
        Assert.Equal((expectedDigests.Count, 0, 0, 0), (digestsByEmail.Sum(s => s.Delivered), digestsByEmail.Sum(s => s.Failed), digestsByEmail.Sum(s => s.Skipped), digestsByEmail.Sum(s => s.Pending)));

        // Opened and clicked rates: of the distinct recipients emailed (trainees with an address, and managers).
        int emailedUsers = expectedEmail.Count;
        int expectedOpened = expectedMessages.Keys.Count(u => byId[u].Email is not null && byId[u].Opens);
        int expectedClicked = expectedMessages.Keys.Count(u => byId[u].Email is not null && byId[u].Clicks);
        Assert.True(expectedClicked > 0 && expectedClicked < expectedOpened, $"clicks {expectedClicked}, opens {expectedOpened}");
        Assert.Equal((expectedOpened, expectedClicked), (opensSent, clicksSent));
        Assert.Equal((emailedUsers, expectedOpened, expectedClicked), (results.EmailedUsers, results.OpenedUsers, results.ClickedUsers));
        Assert.Equal((double)expectedOpened / emailedUsers, results.OpenedRate);
        Assert.Equal((double)expectedClicked / emailedUsers, results.ClickedRate);

        var elapsed = DateTime.UtcNow - started;
        output.WriteLine($"{Trainees} trainees, {Managers} managers, {Days} daily runs and dispatches in {elapsed.TotalSeconds:F1} s: "
            + $"{smtp.Messages.Count} emails ({expectedDigests.Count} digests), {twilio.Accepted.Count} SMS, {fcm.Accepted.Count} push; "
            + $"opened {results.OpenedUsers}/{results.EmailedUsers} ({results.OpenedRate:P1}), clicked {results.ClickedUsers} ({results.ClickedRate:P1})");
        // No wall-clock bound here: the time is reported, and throughput is measured by the benchmarks
        // (benchmarks/WorkflowDsl.Dispatch.Benchmarks) as ratios, not asserted on a shared CI machine.
    }
}

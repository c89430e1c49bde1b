using System.Diagnostics;
using System.Security.Cryptography;
using WorkflowDsl;
using WorkflowDsl.Delivery.Email;
using WorkflowDsl.Delivery.Push;
using WorkflowDsl.Delivery.Rendering;
using WorkflowDsl.Delivery.Sending;
using WorkflowDsl.Delivery.Tests.Servers;
using WorkflowDsl.Delivery.Tracking;
using WorkflowDsl.Dispatch.Dispatching;
using WorkflowDsl.Dispatch.Storage;
using WorkflowDsl.Runtime.DirectoryImport;
using WorkflowDsl.Runtime.Runs;
using WorkflowDsl.Runtime.Storage;
using WorkflowDsl.Users;
using DeliveryResult = WorkflowDsl.Delivery.Sending.DeliveryResult;

// Issue 13 item 5: a channel's faults must not slow the others. One pass over `users` users, each invited by
// email and push (local SMTP server, NoDelay; local FCM v1 server). Measured per round, in this order:
//   clean      — no faults;
//   faults     — 5% of the device tokens answered 429 or 503 (alternating) with Retry-After: 1, every time;
//   in place   — the same faults, with the senders' in-place retries (SendAsync: waits the Retry-After up
//                to MaxAttempts), which is how the dispatcher sent before this change.
// Email throughput = emails sent / pass time. Target: faults within 10% of clean.
static class PushFaults
{
    // A push sender that hides SendOnceAsync, so the dispatcher gets the in-place retries (the former behaviour).
    private sealed class InPlace(IChannelSender inner) : IChannelSender
    {
        public Channel Channel => inner.Channel;
        public string Destination => inner.Destination;
        public Task<DeliveryResult> SendAsync(OutgoingMessage message, CancellationToken cancellationToken = default) => inner.SendAsync(message, cancellationToken);
    }

    public static async Task RunAsync(int users, int rounds)
    {
        Console.WriteLine($"{DateTimeOffset.UtcNow:u}  {Environment.ProcessorCount} cores, .NET {Environment.Version}, load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}; "
            + $"push faults: {users} users (email + push), 5% of push 429/503 Retry-After: 1, {rounds} rounds (median)");
        var renderer = new TemplateRenderer();
        var tracking = new TrackingLinks(new TrackingOptions { BaseUrl = "https://learn.example.com", SigningKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) });
        var plan = Workflow.Named("Benchmark").ForContents("SEC-101").TargetGroup(t => t.Assignees(Assignment.Mandatory)).Invite(Channel.Email | Channel.Push).Build("benchmark");
        string folder = Path.Combine(Path.GetTempPath(), "wfdsl-dispatch-bench", Guid.NewGuid().ToString("N"));
        await using var smtp = new TestSmtpServer(noDelay: true);
        await using var fcm = await FakeFcm.StartAsync();
        fcm.Record = false;
        var faulty = Enumerable.Range(0, users).Where(i => i % 20 == 7).Select(i => $"device-{i:00000}").ToList();

        async Task<DispatchDatabase> PlannedAsync()
        {
            var workflows = WorkflowDatabase.Sqlite(Path.Combine(folder, Guid.NewGuid().ToString("N") + ".db"));
            var database = new DispatchDatabase(workflows);
            await database.EnsureCreatedAsync();
            var people = Enumerable.Range(0, users).Select(i => new DirectoryUser { Id = $"u{i:00000}", FirstName = "Aino", LastName = $"Virtanen{i}", Email = $"user{i}@example.com", Locale = "en" }).ToList();
            await DirectoryImporter.ImportAsync(workflows, new DirectoryData
            {
                Contents = [new Content { Id = "SEC-101", Title = "Security awareness", Link = "https://learn.example.com/c/SEC-101" }],
                Users = people,
                DeviceTokens = Enumerable.Range(0, users).Select(i => new PushDeviceToken { UserId = $"u{i:00000}", Token = $"device-{i:00000}" }).ToList(),
                Assignments = people.Select(u => new ContentAssignment { UserId = u.Id, ContentId = "SEC-101", Kind = Assignment.Mandatory, DueDate = new DateOnly(2026, 12, 31) }).ToList(),
            });
            await new RunEngine(workflows, TimeProvider.System).RunNowAsync(plan, "benchmark");
            return database;
        }

        EmailOptions email = new() { FromAddress = "learning@example.com", Smtp = new SmtpOptions { Host = "127.0.0.1", Port = smtp.DirectPort, Security = SmtpSecurity.None, Connections = 4 } };
        await using var emailSender = new SmtpEmailSender(email, new EmailComposer(email, tracking));
        using var pushSender = new FcmPushSender(new PushOptions { Fcm = new FcmOptions { ServiceAccountJson = fcm.ServiceAccountJson, BaseAddress = fcm.Address.ToString(), MaxConcurrency = 16 } });

        async Task<(double EmailsPerSecond, int PushRetryLater)> PassAsync(bool faults, bool inPlace)
        {
            var database = await PlannedAsync();
            fcm.Faults.Clear();
            if (faults)
                for (int i = 0; i < faulty.Count; i++) fcm.Faults[faulty[i]] = new FakeFcm.Fault.Busy(i % 2 == 0 ? 429 : 503, int.MaxValue, 1);
            IChannelSender push = inPlace ? new InPlace(pushSender) : pushSender;
            var dispatcher = new OutboxDispatcher(database, new WorkflowCatalog([plan]), [emailSender, push], renderer,
                new DispatcherOptions { BatchSize = 200, MaxParallelSends = 8 }, tracking);
            var clock = Stopwatch.StartNew();
            var report = await dispatcher.DispatchAsync();
            double seconds = clock.Elapsed.TotalSeconds;
            if (report.For(Channel.Email).Sent != users) throw new InvalidOperationException($"sent {report.For(Channel.Email).Sent} of {users} emails");
            if (report.For(Channel.Push).FailedTransient != (faults ? faulty.Count : 0)) throw new InvalidOperationException($"push failed for now: {report.For(Channel.Push).FailedTransient}");
            return (users / seconds, report.For(Channel.Push).FailedTransient);
        }

        await PassAsync(false, false); // warm-up (JIT, connections, OAuth token)
        var clean = new List<double>(); var withFaults = new List<double>(); var inPlaceRates = new List<double>();
        for (int r = 0; r < rounds; r++)
        {
            clean.Add((await PassAsync(false, false)).EmailsPerSecond);
            withFaults.Add((await PassAsync(true, false)).EmailsPerSecond);
            inPlaceRates.Add((await PassAsync(true, true)).EmailsPerSecond);
        }
        double c = Median(clean), f = Median(withFaults), p = Median(inPlaceRates);
        Console.WriteLine($"clean pass                         : {c,8:F0} emails/s   rounds: {string.Join(", ", clean.Select(v => v.ToString("F0")))}");
        Console.WriteLine($"5% push 429/503 Retry-After 1      : {f,8:F0} emails/s   {f / c:P0} of clean (target >= 90 %)   rounds: {string.Join(", ", withFaults.Select(v => v.ToString("F0")))}");
        Console.WriteLine($"same faults, retries slept in place: {p,8:F0} emails/s   {p / c:P0} of clean (before; pass {c / p:F1}x longer)   rounds: {string.Join(", ", inPlaceRates.Select(v => v.ToString("F0")))}");
        var ratios = clean.Zip(withFaults, (x, y) => y / x).ToList();
        Console.WriteLine($"per-round ratio faults / clean (same round, back to back): median {Median(ratios):P0}   rounds: {string.Join(", ", ratios.Select(v => v.ToString("P0")))}");
        Console.WriteLine($"faulty device tokens: {faulty.Count} of {users}; load at end {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}

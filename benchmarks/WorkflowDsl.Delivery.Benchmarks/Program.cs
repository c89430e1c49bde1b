// Throughput of the delivery senders against the local test servers on 127.0.0.1.
//   dotnet run -c Release --project benchmarks/WorkflowDsl.Delivery.Benchmarks -- [emails] [pushes] [rounds]
// Email: the SMTP sender with 1 and 4 connections, side by side in the same run with a plain MailKit
// loop on one connection (the floor: same composed messages, no pool, no retry pipeline).
// Push: the FCM sender against the local FCM v1 server.
using System.Diagnostics;
using System.Security.Cryptography;
using MailKit.Net.Smtp;
using MailKit.Security;
using WorkflowDsl.Delivery.Email;
using WorkflowDsl.Delivery.Push;
using WorkflowDsl.Delivery.Rendering;
using WorkflowDsl.Delivery.Sending;
using WorkflowDsl.Delivery.Tests.Servers;
using WorkflowDsl.Delivery.Tracking;
using WorkflowDsl.Templates;

int emails = args.Length > 0 ? int.Parse(args[0]) : 500;
int pushes = args.Length > 1 ? int.Parse(args[1]) : 10000;
int rounds = args.Length > 2 ? int.Parse(args[2]) : 3;
Console.WriteLine($"{DateTimeOffset.UtcNow:u}  {Environment.ProcessorCount} cores, .NET {Environment.Version}; {emails} emails, {pushes} pushes, {rounds} rounds (median)");

var renderer = new TemplateRenderer();
var model = new TemplateModel(new PersonModel("Aino", "Virtanen", "aino@example.com", "en"), new WorkflowModel("security-awareness", "Security awareness 2026"),
    [new ContentModel("SEC-101", "Security awareness", "https://learn.example.com/c/SEC-101", new DateOnly(2026, 12, 31))])
{ User = new PersonModel("Aino", "Virtanen", "aino@example.com", "en"), DueDate = new DateOnly(2026, 12, 31) };
var content = renderer.RenderEmail(BuiltInTemplates.Invitation, model);
var tracking = new TrackingLinks(new TrackingOptions { BaseUrl = "https://learn.example.com", SigningKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) });
EmailMessage Email(int i) => new($"bench-{i}", $"user-{i}", [new EmailAddress($"user{i}@example.com", "Aino Virtanen")], content);

// Two server set-ups: Nagle off on the server (CPU-bound: shows the client's own cost) and the
// SmtpServer default (each reply waits for the client's delayed ACK: latency-bound, like a remote relay).
foreach (var (noDelay, count) in new[] { (true, emails), (false, Math.Max(50, emails / 5)) })
await using (var smtp = new TestSmtpServer(noDelay: noDelay))
{
    string setup = noDelay ? "server NoDelay" : "server default";
    EmailOptions Options(int connections) => new()
    {
        FromAddress = "learning@example.com",
        Smtp = new SmtpOptions { Host = "127.0.0.1", Port = smtp.DirectPort, Security = SmtpSecurity.None, Connections = connections },
    };

    async Task<double> PlainLoop()
    {
        var composer = new EmailComposer(Options(1), tracking);
        using var client = new SmtpClient();
        await client.ConnectAsync("127.0.0.1", smtp.DirectPort, SecureSocketOptions.None);
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < count; i++) await client.SendAsync(composer.Compose(Email(i)));
        double rate = count / clock.Elapsed.TotalSeconds;
        await client.DisconnectAsync(true);
        return rate;
    }

    async Task<double> Sender(int connections)
    {
        var options = Options(connections);
        await using var sender = new SmtpEmailSender(options, new EmailComposer(options, tracking));
        await sender.SendAsync(Email(-1)); // opens the first connection outside the timing, as the plain loop does
        var clock = Stopwatch.StartNew();
        int next = -1, failed = 0;
        // connections × 2 workers keep every connection busy while the next message is composed.
        await Task.WhenAll(Enumerable.Range(0, connections * 2).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
                if (await sender.SendAsync(Email(i)) is not DeliveryResult.Sent) Interlocked.Increment(ref failed);
        }));
        double rate = count / clock.Elapsed.TotalSeconds;
        if (failed > 0) throw new InvalidOperationException($"{failed} emails failed");
        return rate;
    }

    await PlainLoop(); // warm-up (JIT, server)
    var plain = new List<double>(); var one = new List<double>(); var four = new List<double>();
    for (int r = 0; r < rounds; r++)
    {
        plain.Add(await PlainLoop());
        one.Add(await Sender(1));
        four.Add(await Sender(4));
    }
    double p = Median(plain), s1 = Median(one), s4 = Median(four);
    Console.WriteLine($"email  [{setup}, {count} msgs] plain MailKit loop, 1 connection : {p,8:F0} msg/s   rounds: {string.Join(", ", plain.Select(x => x.ToString("F0")))}");
    Console.WriteLine($"email  [{setup}, {count} msgs] SmtpEmailSender, 1 connection    : {s1,8:F0} msg/s   {s1 / p:P0} of plain   rounds: {string.Join(", ", one.Select(x => x.ToString("F0")))}");
    Console.WriteLine($"email  [{setup}, {count} msgs] SmtpEmailSender, 4 connections   : {s4,8:F0} msg/s   {s4 / p:F2}x plain      rounds: {string.Join(", ", four.Select(x => x.ToString("F0")))}");
    Console.WriteLine($"email  [{setup}] server received {smtp.Messages.Count} messages");
}

await using (var fcm = await FakeFcm.StartAsync())
{
    fcm.Record = false;
    var options = new PushOptions { Fcm = new FcmOptions { ServiceAccountJson = fcm.ServiceAccountJson, BaseAddress = fcm.Address.ToString(), MaxConcurrency = 64 } };
    using var sender = new FcmPushSender(options);
    PushMessage Push(int i) => new($"bench-{i}", $"user-{i}", $"device-token-{i:D8}", "New training: Security awareness", "Hello Aino, please complete Security awareness by 2026-12-31.");
    async Task<double> Run(int count)
    {
        var clock = Stopwatch.StartNew();
        int next = -1, failed = 0;
        await Task.WhenAll(Enumerable.Range(0, 128).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
                if (await sender.SendAsync(Push(i)) is not DeliveryResult.Sent) Interlocked.Increment(ref failed);
        }));
        if (failed > 0) throw new InvalidOperationException($"{failed} pushes failed");
        return count / clock.Elapsed.TotalSeconds;
    }
    await Run(Math.Min(2000, pushes)); // warm-up
    var rates = new List<double>();
    for (int r = 0; r < rounds; r++) rates.Add(await Run(pushes));
    Console.WriteLine($"push   FcmPushSender, 64 in flight      : {Median(rates),8:F0} msg/s   rounds: {string.Join(", ", rates.Select(x => x.ToString("F0")))}   (token requests: {fcm.TokenRequests}, server requests: {fcm.Requests})");
}

static double Median(List<double> values) => values.OrderBy(v => v).ElementAt(values.Count / 2);

// Email throughput through the outbox dispatcher to the local SMTP test server on 127.0.0.1.
//   dotnet run -c Release --project benchmarks/WorkflowDsl.Dispatch.Benchmarks -- [emails=2000] [rounds=3] [slowEmails=300]
//   dotnet run -c Release --project benchmarks/WorkflowDsl.Dispatch.Benchmarks -- --push-faults [users=400] [rounds=3]
//     (issue 13 item 5: email throughput of passes that send email + push, with 5% of push requests answered
//     429/503 Retry-After: 1, against a clean run in the same rounds; and the same faults with the senders'
//     in-place retries, as the dispatcher sent before)
// Two set-ups of the test server: NoDelay (answers at once; client and server share the cores) and the
// SmtpServer package's default sockets (about 45 ms per message: a latency-bound server, like a relay).
// Side by side in the same run and rounds: a plain MailKit loop on one connection (the floor: the same
// kind of composed message, no database, no rendering, no pool), and the dispatcher (read the outbox,
// render per recipient, claim, send through SmtpEmailSender, record) with 1 and 4 SMTP connections.
using System.Diagnostics;
using System.Security.Cryptography;
using MailKit.Net.Smtp;
using MailKit.Security;
using WorkflowDsl;
using WorkflowDsl.Delivery.Email;
using WorkflowDsl.Delivery.Rendering;
using WorkflowDsl.Delivery.Sending;
using WorkflowDsl.Delivery.Tests.Servers;
using WorkflowDsl.Delivery.Tracking;
using WorkflowDsl.Dispatch.Dispatching;
using WorkflowDsl.Dispatch.Storage;
using WorkflowDsl.Runtime.DirectoryImport;
using WorkflowDsl.Runtime.Runs;
using WorkflowDsl.Runtime.Storage;
using WorkflowDsl.Templates;
using WorkflowDsl.Users;

if (args.Length > 0 && args[0] == "--push-faults")
{
    await PushFaults.RunAsync(args.Length > 1 ? int.Parse(args[1]) : 400, args.Length > 2 ? int.Parse(args[2]) : 3);
    return;
}
int fastEmails = args.Length > 0 ? int.Parse(args[0]) : 2000;
int rounds = args.Length > 1 ? int.Parse(args[1]) : 3;
int slowEmails = args.Length > 2 ? int.Parse(args[2]) : 300;
int emails = fastEmails;
Console.WriteLine($"{DateTimeOffset.UtcNow:u}  {Environment.ProcessorCount} cores, .NET {Environment.Version}; {fastEmails} / {slowEmails} emails, {rounds} rounds (median)");

var renderer = new TemplateRenderer();
var tracking = new TrackingLinks(new TrackingOptions { BaseUrl = "https://learn.example.com", SigningKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) });
var plan = Workflow.Named("Benchmark").ForContents("SEC-101").TargetGroup(t => t.Assignees(Assignment.Mandatory)).Invite(Channel.Email).Build("benchmark");
string folder = Path.Combine(Path.GetTempPath(), "wfdsl-dispatch-bench", Guid.NewGuid().ToString("N"));

// A database with `emails` users and a run that planned one email each (outside the timing).
async Task<DispatchDatabase> PlannedAsync()
{
    var workflows = WorkflowDatabase.Sqlite(Path.Combine(folder, Guid.NewGuid().ToString("N") + ".db"));
    var database = new DispatchDatabase(workflows);
    await database.EnsureCreatedAsync();
    var users = Enumerable.Range(0, emails).Select(i => new DirectoryUser { Id = $"u{i:00000}", FirstName = "Aino", LastName = $"Virtanen{i}", Email = $"user{i}@example.com", Locale = "en" }).ToList();
    await DirectoryImporter.ImportAsync(workflows, new DirectoryData
    {
        Contents = [new Content { Id = "SEC-101", Title = "Security awareness", Link = "https://learn.example.com/c/SEC-101" }],
        Users = users,
        Assignments = users.Select(u => new ContentAssignment { UserId = u.Id, ContentId = "SEC-101", Kind = Assignment.Mandatory, DueDate = new DateOnly(2026, 12, 31) }).ToList(),
    });
    var report = await new RunEngine(workflows, TimeProvider.System).RunNowAsync(plan, "benchmark");
    if (report.UserMessages != emails) throw new InvalidOperationException($"the run planned {report.UserMessages} messages, not {emails}");
    return database;
}

foreach (bool noDelay in new[] { true, false })
{
    emails = noDelay ? fastEmails : slowEmails;
    await using var smtp = new TestSmtpServer(noDelay: noDelay);
    string setup = noDelay ? "NoDelay server" : "default server";
    Console.WriteLine($"-- {setup}, {emails} emails");
    EmailOptions Options(int connections) => new()
    {
        FromAddress = "learning@example.com",
        Smtp = new SmtpOptions { Host = "127.0.0.1", Port = smtp.DirectPort, Security = SmtpSecurity.None, Connections = connections },
    };

    async Task<Rate> PlainLoop()
    {
        var model = new TemplateModel(new PersonModel("Aino", "Virtanen", "aino@example.com", "en"), new WorkflowModel(plan.Id, plan.Name),
            [new ContentModel("SEC-101", "Security awareness", "https://learn.example.com/c/SEC-101", new DateOnly(2026, 12, 31))])
        { User = new PersonModel("Aino", "Virtanen", "aino@example.com", "en"), DueDate = new DateOnly(2026, 12, 31) };
        var content = renderer.RenderEmail(BuiltInTemplates.Invitation, model);
        var composer = new EmailComposer(Options(1), tracking);
        using var client = new SmtpClient();
        await client.ConnectAsync("127.0.0.1", smtp.DirectPort, SecureSocketOptions.None);
        var clock = Clock.Start();
        for (int i = 0; i < emails; i++)
            await client.SendAsync(composer.Compose(new EmailMessage($"plain-{i}", $"u{i}", [new EmailAddress($"user{i}@example.com", "Aino Virtanen")], content)));
        var rate = clock.Stop(emails);
        await client.DisconnectAsync(true);
        return rate;
    }

    async Task<Rate> Dispatcher(int connections)
    {
        var database = await PlannedAsync();
        var options = Options(connections);
        await using var sender = new SmtpEmailSender(options, new EmailComposer(options, tracking));
        // Open the first connection outside the timing, as the plain loop does.
        if (await sender.SendAsync(new EmailMessage("warm-up", "warm-up", [new EmailAddress("warm-up@example.com")], new RenderedEmail("en", "warm-up", "<p>warm-up</p>"))) is not WorkflowDsl.Delivery.Sending.DeliveryResult.Sent)
            throw new InvalidOperationException("the warm-up email failed");
        var dispatcher = new OutboxDispatcher(database, new WorkflowCatalog([plan]), [sender], renderer,
            new DispatcherOptions { BatchSize = 200, MaxParallelSends = connections * 2 }, tracking);
        var clock = Clock.Start();
        var report = await dispatcher.DispatchAsync();
        var rate = clock.Stop(emails);
        if (report.For(Channel.Email).Sent != emails) throw new InvalidOperationException($"the dispatcher sent {report.For(Channel.Email).Sent} of {emails} emails");
        return rate;
    }

    await PlainLoop(); // warm-up (JIT, server)
    await Dispatcher(1);
    var plain = new List<Rate>(); var one = new List<Rate>(); var four = new List<Rate>();
    for (int r = 0; r < rounds; r++)
    {
        plain.Add(await PlainLoop());
        one.Add(await Dispatcher(1));
        four.Add(await Dispatcher(4));
    }
    double p = Median(plain), d1 = Median(one), d4 = Median(four);
    Console.WriteLine($"{setup}: plain MailKit loop, 1 connection : {p,8:F0} msg/s   rounds: {Rounds(plain)}   {Cpu(plain)}");
    Console.WriteLine($"{setup}: OutboxDispatcher, 1 connection   : {d1,8:F0} msg/s   {d1 / p:P0} of plain (target >= 90 %)   rounds: {Rounds(one)}   {Cpu(one)}");
    Console.WriteLine($"{setup}: OutboxDispatcher, 4 connections  : {d4,8:F0} msg/s   {d4 / p:F2} x plain (target >= 2.5 x)   rounds: {Rounds(four)}   {Cpu(four)}");
    Console.WriteLine($"server received {smtp.Messages.Count} emails");

    if (!noDelay) continue;
    // The dispatcher's own cost, without SMTP: a sender that accepts at once (read, render, compose-free, claim, record).
    var own = new List<Rate>();
    for (int r = 0; r < rounds; r++)
    {
        var database = await PlannedAsync();
        var dispatcher = new OutboxDispatcher(database, new WorkflowCatalog([plan]), [new AcceptingSender()], renderer, new DispatcherOptions { BatchSize = 200 }, tracking);
        var clock = Clock.Start();
        var report = await dispatcher.DispatchAsync();
        own.Add(clock.Stop(report.For(Channel.Email).Sent));
    }
    Console.WriteLine($"email  OutboxDispatcher, accepting sender: {Median(own),8:F0} msg/s   (the dispatcher alone: database + rendering)   rounds: {Rounds(own)}   {Cpu(own)}");
}
Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
try { Directory.Delete(folder, recursive: true); } catch (IOException) { }

static double Median(List<Rate> values) => values.Select(v => v.PerSecond).Order().ElementAt(values.Count / 2);
static string Rounds(List<Rate> values) => string.Join(", ", values.Select(v => v.PerSecond.ToString("F0")));
// CPU time of the whole process (client and in-process server) per message, and the cores it kept busy.
static string Cpu(List<Rate> values)
{
    var median = values.OrderBy(v => v.CpuMicroseconds).ElementAt(values.Count / 2);
    return $"cpu {median.CpuMicroseconds:F0} us/msg ({string.Join(", ", values.Select(v => v.CpuMicroseconds.ToString("F0")))}), cores busy {string.Join(", ", values.Select(v => v.Cores.ToString("F2")))}";
}

// Wall clock and process CPU time over one measurement.
sealed class Clock
{
    private readonly Stopwatch _wall = Stopwatch.StartNew();
    private readonly TimeSpan _cpu = Process.GetCurrentProcess().TotalProcessorTime;
    public static Clock Start() => new();
    public Rate Stop(int messages)
    {
        var wall = _wall.Elapsed;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - _cpu;
        return new Rate(messages / wall.TotalSeconds, cpu.TotalMilliseconds * 1000 / messages, cpu / wall);
    }
}

// Messages per second, process CPU microseconds per message, and cores busy on average.
readonly record struct Rate(double PerSecond, double CpuMicroseconds, double Cores);

sealed class AcceptingSender : ChannelSender<EmailMessage>
{
    public override Channel Channel => Channel.Email;
    public override string Destination => "nowhere (accepts at once)";
    public override Task<WorkflowDsl.Delivery.Sending.DeliveryResult> SendAsync(EmailMessage message, CancellationToken cancellationToken = default) =>
        Task.FromResult<WorkflowDsl.Delivery.Sending.DeliveryResult>(new WorkflowDsl.Delivery.Sending.DeliveryResult.Sent(message.MessageId));
}

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using WorkflowDsl.Delivery.Email;
using WorkflowDsl.Delivery.Push;
using WorkflowDsl.Delivery.Rendering;
using WorkflowDsl.Delivery.Sending;
using WorkflowDsl.Delivery.Sms;
using WorkflowDsl.Delivery.Tests.Servers;
using WorkflowDsl.Delivery.Tracking;
using WorkflowDsl.Dispatch.Dispatching;
using WorkflowDsl.Dispatch.Storage;
using WorkflowDsl.Dispatch.Tracking;
using WorkflowDsl.Plan;
using WorkflowDsl.Runtime.DirectoryImport;
using WorkflowDsl.Runtime.Runs;
using WorkflowDsl.Runtime.Storage;
using WorkflowDsl.Users;

namespace WorkflowDsl.Dispatch.Tests.Infrastructure;

/// <summary>One test's world: a fresh SQLite database with a small directory (users with email, phone
/// and a device token, one manager), a fake clock, the run engine, and a tracking host on 127.0.0.1.</summary>
public sealed class DispatchWorld : IAsyncDisposable
{
    public static readonly DateTimeOffset Day0 = new(2026, 1, 5, 8, 0, 0, TimeSpan.Zero);
    public static readonly DeliveryRetryOptions FastRetry = new() { MaxAttempts = 2, BaseDelay = TimeSpan.FromMilliseconds(10), UseJitter = false };

    private TrackingLinks? _links;

    private DispatchWorld(string path, string? postgres)
    {
        Path = path;
        Workflows = postgres is null ? WorkflowDatabase.Sqlite(path) : WorkflowDatabase.PostgreSql(postgres);
        Database = new DispatchDatabase(Workflows);
        Engine = new RunEngine(Workflows, Clock);
    }

    public string Path { get; }
    public FakeTimeProvider Clock { get; } = new(Day0);
    public WorkflowDatabase Workflows { get; }
    public DispatchDatabase Database { get; }
    public RunEngine Engine { get; }
    public LocalWebHost Tracking { get; private set; } = null!;
    public TrackingLinks Links => _links!;
    public HttpClient Http { get; } = new(new HttpClientHandler { AllowAutoRedirect = false });

    /// <summary>Every message a test plan sends: users invited by email, SMS and push; their manager gets one email digest.</summary>
    public static WorkflowPlan Plan(string id = "delivery-test") =>
        Workflow.Named("Delivery test").ForContents("C1").TargetGroup(t => t.Assignees(Assignment.Mandatory)).Invite(Channel.Email | Channel.Sms | Channel.Push).RemindManager(Channel.Email).Build(id);

    /// <summary>A new world on SQLite, or on a new database of the private PostgreSQL server.</summary>
    public static async Task<DispatchWorld> CreateAsync(int users = 6, bool postgres = false)
    {
        string? connection = postgres ? await Runtime.Tests.Infrastructure.PostgresServer.NewDatabaseAsync() : null;
        var world = new DispatchWorld(System.IO.Path.Combine(System.IO.Path.GetTempPath(), "wfdsl-dispatch-tests", Guid.NewGuid().ToString("N") + ".db"), connection);
        await world.Database.EnsureCreatedAsync();
        var people = new List<DirectoryUser>
        {
            new() { Id = "boss", FirstName = "Bea", LastName = "Boss", Email = "boss@example.com", Locale = "en" },
        };
        for (int i = 1; i <= users; i++)
        {
            people.Add(new DirectoryUser
            {
                Id = $"u{i}", FirstName = $"User{i}", LastName = "Tester", Email = $"u{i}@example.com", Phone = $"+3584000000{i:00}",
                Locale = i % 2 == 0 ? "fi" : "en", ManagerId = "boss",
            });
        }
        await DirectoryImporter.ImportAsync(world.Workflows, new DirectoryData
        {
            Contents = [new Content { Id = "C1", Title = "Fire safety", Link = "https://learn.example.com/c/C1" }],
            Users = people,
            DeviceTokens = people.Where(p => p.Id != "boss").Select(p => new PushDeviceToken { UserId = p.Id, Token = "device-" + p.Id }).ToList(),
            Assignments = people.Where(p => p.Id != "boss").Select(p => new ContentAssignment { UserId = p.Id, ContentId = "C1", Kind = Assignment.Mandatory, DueDate = new DateOnly(2026, 2, 1) }).ToList(),
        });
        var sink = new EfTrackingSink(world.Database);
        world.Tracking = await LocalWebHost.StartAsync(
            services => { services.AddSingleton(_ => world._links!); services.AddSingleton<ITrackingSink>(sink); services.AddSingleton<TimeProvider>(world.Clock); },
            app => app.MapWorkflowTracking());
        world._links = new TrackingLinks(new TrackingOptions { BaseUrl = world.Tracking.Address.ToString().TrimEnd('/'), SigningKey = Convert.ToBase64String(new byte[32].Select((_, i) => (byte)(i * 7 + 1)).ToArray()) });
        return world;
    }

    public Task<RunReport> RunAsync(WorkflowPlan plan) => Engine.RunNowAsync(plan, "test");

    public EmailOptions Email(TestSmtpServer smtp, int connections = 2) => new()
    {
        FromAddress = "learning@example.com", FromName = "Learning",
        Smtp = new SmtpOptions { Host = "127.0.0.1", Port = smtp.Port, Security = SmtpSecurity.None, Connections = connections, Timeout = TimeSpan.FromSeconds(10) },
        Retry = FastRetry,
    };

    public SmtpEmailSender Smtp(TestSmtpServer smtp, int connections = 2) => new(Email(smtp, connections), new EmailComposer(Email(smtp, connections), Links, Clock));

    public static TwilioSmsSender Twilio(FakeTwilio twilio) => new(new SmsOptions
    {
        Twilio = new TwilioOptions
        {
            AccountSid = FakeTwilio.AccountSid, AuthToken = FakeTwilio.AuthToken, From = "+15550001111", BaseAddress = twilio.Address.ToString(),
            MessagesPerSecond = 1000, RequestTimeout = TimeSpan.FromSeconds(10), Retry = FastRetry,
        },
    });

    public static FcmPushSender Fcm(FakeFcm fcm) => new(new PushOptions
    {
        Fcm = new FcmOptions { ServiceAccountJson = fcm.ServiceAccountJson, BaseAddress = fcm.Address.ToString(), MaxConcurrency = 16, RequestTimeout = TimeSpan.FromSeconds(10), Retry = FastRetry },
    });

    public OutboxDispatcher Dispatcher(IEnumerable<IChannelSender> senders, WorkflowPlan plan, DispatcherOptions? options = null,
        Microsoft.Extensions.Logging.ILogger<OutboxDispatcher>? logger = null, System.Diagnostics.Metrics.IMeterFactory? meters = null) =>
        new(Database, new WorkflowCatalog([plan]), senders, new TemplateRenderer(), options ?? new DispatcherOptions { BatchSize = 4 }, Links, Clock, logger, meters);

    public async Task<List<DispatchAttempt>> AttemptsAsync()
    {
        await using var db = Database.CreateContext();
        return await db.Attempts.AsNoTracking().OrderBy(a => a.Id).ToListAsync();
    }

    public async Task<List<Runtime.Storage.DeliveryResult>> ResultsAsync()
    {
        await using var db = Database.CreateContext();
        return await db.DeliveryResults.AsNoTracking().OrderBy(r => r.Id).ToListAsync();
    }

    public async Task<List<OutboxMessage>> OutboxAsync()
    {
        await using var db = Database.CreateContext();
        return await db.Outbox.AsNoTracking().OrderBy(m => m.Id).ToListAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Tracking.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            try { File.Delete(Path + suffix); } catch (IOException) { }
    }
}

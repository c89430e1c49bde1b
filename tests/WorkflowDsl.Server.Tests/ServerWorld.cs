using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WorkflowDsl.Application;
using WorkflowDsl.Application.Configuration;
using WorkflowDsl.Plan;
using WorkflowDsl.Runtime.DirectoryImport;
using WorkflowDsl.Runtime.Storage;
using WorkflowDsl.Users;

namespace WorkflowDsl.Server.Tests;

/// <summary>One test's server: an application that adds WorkflowDsl and its server as users would, on Kestrel
/// at 127.0.0.1 with a free port, a fresh SQLite file, every log line captured, two workflows
/// (it-invite: label "it", mandatory assignees of C1, scheduled; hr-invite: label "hr", everyone) and a
/// directory of u1..u5 (u1..u4 assigned C1, u2 completed it).</summary>
public sealed class ServerWorld : IAsyncDisposable
{
    public const string AdminPassword = "First-Admin-Password-1";
    public const string NewPassword = "Changed-Password-2";

    private readonly WebApplication _app;
    private readonly string _folder;

    private ServerWorld(WebApplication app, string folder, Uri address, CapturingLoggerProvider logs)
    {
        _app = app;
        _folder = folder;
        Address = address;
        Logs = logs;
    }

    public Uri Address { get; }
    public IServiceProvider Services => _app.Services;
    public CapturingLoggerProvider Logs { get; }

    public static WorkflowPlan ItInvite() =>
        Workflow.Named("IT invitation").ForContents("C1").Labels("it").TargetGroup(t => t.Assignees(Assignment.Mandatory))
            .Invite(Channel.Email).Schedule("0 8 * * MON", "Europe/Helsinki").Build("it-invite");

    public static WorkflowPlan HrInvite() =>
        Workflow.Named("HR invitation").ForContents("C1").Labels("hr").Invite(Channel.Email).Wait(7.Days()).Remind(Channel.Email).Build("hr-invite");

    public static async Task<ServerWorld> StartAsync(bool hangfireServer = false, Dictionary<string, string?>? settings = null)
    {
        string folder = Path.Combine(Path.GetTempPath(), "wfdsl-server-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(folder);
        var values = new Dictionary<string, string?>
        {
            ["WorkflowDsl:Database:ConnectionString"] = Path.Combine(folder, "workflows.db"),
            ["WorkflowDsl:Delivery:Email:FromAddress"] = "learning@example.com",
            ["WorkflowDsl:Delivery:Email:PickupFolder"] = Path.Combine(folder, "email"),
            ["WorkflowDsl:Delivery:Sms:OutboxFile"] = Path.Combine(folder, "sms.jsonl"),
            ["WorkflowDsl:Delivery:Push:OutboxFile"] = Path.Combine(folder, "push.jsonl"),
            ["WorkflowDsl:Server:FirstAdministratorPassword"] = AdminPassword,
            ["WorkflowDsl:Server:Hangfire:RunServer"] = hangfireServer ? "true" : "false",
            ["WorkflowDsl:Server:SignInAttemptsPerMinute"] = "1000",
        };
        foreach (var (key, value) in settings ?? []) values[key] = value;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddInMemoryCollection(values);
        var logs = new CapturingLoggerProvider();
        builder.Logging.ClearProviders().AddProvider(logs).SetMinimumLevel(LogLevel.Debug);
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.AddWorkflowDsl(builder.Configuration, dsl => dsl.AddWorkflows([ItInvite(), HrInvite()]));
        builder.Services.AddWorkflowDslServer(builder.Configuration);
        var app = builder.Build();
        app.MapWorkflowDsl();
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var world = new ServerWorld(app, folder, new Uri(address.TrimEnd('/') + "/"), logs);
        var imported = await app.Services.GetRequiredService<IWorkflowService>().ImportDirectoryAsync(Caller.System("test"), Directory(5, 4));
        Assert.True(imported.Succeeded, imported.Refusal?.ToString());
        return world;
    }

    public static DirectoryData Directory(int users, int assigned) => new()
    {
        Contents = [new Content { Id = "C1", Title = "Security basics", Link = "https://learn.example.com/c/C1" }],
        Users = Enumerable.Range(1, users).Select(i => new DirectoryUser { Id = $"u{i}", FirstName = $"User{i}", LastName = "Tester", Email = $"u{i}@example.com" }).ToList(),
        Assignments = Enumerable.Range(1, assigned).Select(i => new ContentAssignment { UserId = $"u{i}", ContentId = "C1", Kind = Assignment.Mandatory }).ToList(),
        Completions = [new Completion { UserId = "u2", ContentId = "C1", CompletedAt = new DateTime(2026, 2, 1, 0, 0, 0, DateTimeKind.Utc) }],
    };

    /// <summary>A client with its own cookies.</summary>
    public HttpClient Client() => new(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = Address };

    /// <summary>The first administrator, signed in, password changed.</summary>
    public async Task<HttpClient> SuperAsync()
    {
        var client = Client();
        (await client.PostAsJsonAsync("api/v1/account/sign-in", new { userName = "admin", password = AdminPassword })).EnsureSuccessStatusCode();
        var change = await client.PostAsJsonAsync("api/v1/account/password", new { currentPassword = AdminPassword, newPassword = NewPassword });
        if (change.StatusCode == HttpStatusCode.BadRequest)
        {
            // Changed by an earlier call of this world: sign in with the new one.
            client = Client();
            (await client.PostAsJsonAsync("api/v1/account/sign-in", new { userName = "admin", password = NewPassword })).EnsureSuccessStatusCode();
            return client;
        }
        change.EnsureSuccessStatusCode();
        return client;
    }

    /// <summary>A new administrator (created by the super-administrator), signed in with the password changed.</summary>
    public async Task<HttpClient> AdministratorAsync(HttpClient super, string userName, string[] labels, string[] permissions, bool isSuper = false)
    {
        (await super.PostAsJsonAsync("api/v1/administrators", new { userName, password = "Initial-Password-1", labels, permissions, isSuperAdministrator = isSuper })).EnsureSuccessStatusCode();
        var client = Client();
        (await client.PostAsJsonAsync("api/v1/account/sign-in", new { userName, password = "Initial-Password-1" })).EnsureSuccessStatusCode();
        (await client.PostAsJsonAsync("api/v1/account/password", new { currentPassword = "Initial-Password-1", newPassword = NewPassword })).EnsureSuccessStatusCode();
        return client;
    }

    /// <summary>A new API key of the signed-in client's administrator.</summary>
    public async Task<string> ApiKeyAsync(HttpClient signedIn, string name = "test")
    {
        var response = await signedIn.PostAsJsonAsync("api/v1/account/api-keys", new { name });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
    }

    public HttpClient KeyClient(string key)
    {
        var client = Client();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("ApiKey", key);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _app.StopAsync(cts.Token);
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { System.IO.Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}

/// <summary>Keeps every log line (with its rendered message and exception) for assertions.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() { }

    private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
    }
}

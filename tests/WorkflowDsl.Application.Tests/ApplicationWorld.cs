using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using WorkflowDsl.Application.Configuration;
using WorkflowDsl.Plan;
using WorkflowDsl.Runtime.DirectoryImport;
using WorkflowDsl.Runtime.Storage;
using WorkflowDsl.Users;

namespace WorkflowDsl.Application.Tests;

/// <summary>One test's application, wired as an application would wire it (AddWorkflowDsl from
/// configuration) on a fresh SQLite file, with a fake clock and a small directory:
/// content C1; users u1..u5 with email; u1..u4 assigned C1 (mandatory); u2 completed C1.</summary>
public sealed class ApplicationWorld : IAsyncDisposable
{
    /// <summary>Monday 2 March 2026, 06:30 UTC (08:30 in Helsinki, UTC+2 before the change to summer time on 29 March).</summary>
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 6, 30, 0, TimeSpan.Zero);

    public static readonly Caller Super = Caller.System("super");

    private readonly string _folder;

    private ApplicationWorld(string folder, ServiceProvider services, FakeTimeProvider clock)
    {
        _folder = folder;
        Clock = clock;
        Services = services;
        Service = services.GetRequiredService<IWorkflowService>();
    }

    /// <summary>The clock the services use.</summary>
    public FakeTimeProvider Clock { get; }
    public ServiceProvider Services { get; }
    public IWorkflowService Service { get; }

    /// <summary>Labels "it", mandatory assignees of C1, invited by email, scheduled Mondays 08:00 in Helsinki.</summary>
    public static WorkflowPlan ItInvite() =>
        Workflow.Named("IT invitation").ForContents("C1").Labels("it").TargetGroup(t => t.Assignees(Assignment.Mandatory))
            .Invite(Channel.Email).Schedule("0 8 * * MON", "Europe/Helsinki").Build("it-invite");

    /// <summary>Labels "hr", everyone, invite + a week + reminder, no schedule.</summary>
    public static WorkflowPlan HrInvite() =>
        Workflow.Named("HR invitation").ForContents("C1").Labels("hr").Invite(Channel.Email).Wait(7.Days()).Remind(Channel.Email).Build("hr-invite");

    public static async Task<ApplicationWorld> CreateAsync(Dictionary<string, string?>? settings = null, Action<WorkflowDslBuilder>? configure = null)
    {
        string folder = Path.Combine(Path.GetTempPath(), "wfdsl-app-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(folder);
        var values = new Dictionary<string, string?>
        {
            ["WorkflowDsl:Database:ConnectionString"] = Path.Combine(folder, "workflows.db"),
            ["WorkflowDsl:SafetyMarginEmailPush"] = "2",
            ["WorkflowDsl:Delivery:Email:FromAddress"] = "learning@example.com",
            ["WorkflowDsl:Delivery:Email:PickupFolder"] = Path.Combine(folder, "email"),
            ["WorkflowDsl:Delivery:Sms:OutboxFile"] = Path.Combine(folder, "sms.jsonl"),
            ["WorkflowDsl:Delivery:Push:OutboxFile"] = Path.Combine(folder, "push.jsonl"),
        };
        foreach (var (key, value) in settings ?? []) values[key] = value;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var clock = new FakeTimeProvider(Start);
        var services = new ServiceCollection()
            .AddSingleton<TimeProvider>(clock)
            .AddWorkflowDsl(configuration, dsl =>
            {
                dsl.AddWorkflows([ItInvite(), HrInvite()]);
                configure?.Invoke(dsl);
            })
            .BuildServiceProvider();
        var world = new ApplicationWorld(folder, services, clock);
        await services.StartWorkflowDslAsync();
        var imported = await world.Service.ImportDirectoryAsync(Super, Directory(5, assigned: 4));
        Assert.True(imported.Succeeded, imported.Refusal?.ToString());
        return world;
    }

    /// <summary>Users u1..u<paramref name="users"/>, the first <paramref name="assigned"/> assigned C1; u2 completed C1.</summary>
    public static DirectoryData Directory(int users, int assigned) => new()
    {
        Contents = [new Content { Id = "C1", Title = "Security basics", Link = "https://learn.example.com/c/C1" }],
        Users = Enumerable.Range(1, users).Select(i => new DirectoryUser { Id = $"u{i}", FirstName = $"User{i}", LastName = "Tester", Email = $"u{i}@example.com" }).ToList(),
        Assignments = Enumerable.Range(1, assigned).Select(i => new ContentAssignment { UserId = $"u{i}", ContentId = "C1", Kind = Assignment.Mandatory }).ToList(),
        Completions = [new Completion { UserId = "u2", ContentId = "C1", CompletedAt = new DateTime(2026, 2, 1, 0, 0, 0, DateTimeKind.Utc) }],
    };

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { System.IO.Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using WorkflowDsl.Plan;
using WorkflowDsl.Runtime.DirectoryImport;
using WorkflowDsl.Runtime.Runs;
using WorkflowDsl.Runtime.Storage;
using WorkflowDsl.Users;

namespace WorkflowDsl.Runtime.Tests.Infrastructure;

/// <summary>Which database a test class runs against.</summary>
public enum StoreKind
{
    /// <summary>A SQLite file in the temp folder.</summary>
    Sqlite,
    /// <summary>A fresh database on the private PostgreSQL server.</summary>
    PostgreSql,
}

/// <summary>One test's world: a fresh database, a fake clock at a Monday 08:00 UTC, and an engine.</summary>
public sealed class Scenario
{
    /// <summary>Monday 2026-01-05 08:00 UTC: day 0 of every scenario.</summary>
    public static readonly DateTimeOffset Day0 = new(2026, 1, 5, 8, 0, 0, TimeSpan.Zero);

    private Scenario(WorkflowDatabase database, FakeTimeProvider clock, RunOptions options)
    {
        Database = database;
        Clock = clock;
        Options = options;
        Engine = new RunEngine(database, clock, options);
    }

    public WorkflowDatabase Database { get; }
    public FakeTimeProvider Clock { get; }
    public RunOptions Options { get; }
    public RunEngine Engine { get; }
    public DateTime Now => Clock.GetUtcNow().UtcDateTime;

    private static readonly Lazy<string> SqliteFolder = new(() =>
    {
        // One folder per test process, removed when the process ends (or, if the test host is killed,
        // by the next test process, which removes folders of processes that no longer exist).
        string root = Path.Combine(Path.GetTempPath(), "wfdsl-tests");
        string folder = Path.Combine(root, Environment.ProcessId.ToString());
        System.IO.Directory.CreateDirectory(folder);
        foreach (var stale in System.IO.Directory.GetDirectories(root))
        {
            if (!int.TryParse(Path.GetFileName(stale), out int pid) || pid == Environment.ProcessId) continue;
            try { using var _ = System.Diagnostics.Process.GetProcessById(pid); }
            catch (ArgumentException)
            {
                try { System.IO.Directory.Delete(stale, recursive: true); }
                catch (IOException) { }
                catch (UnauthorizedAccessException) { }
            }
        }
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { System.IO.Directory.Delete(folder, recursive: true); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        };
        return folder;
    });

    public static async Task<Scenario> CreateAsync(StoreKind kind, RunOptions? options = null)
    {
        var database = kind == StoreKind.Sqlite
            ? WorkflowDatabase.Sqlite(Path.Combine(SqliteFolder.Value, Guid.NewGuid().ToString("N") + ".db"))
            : WorkflowDatabase.PostgreSql(await PostgresServer.NewDatabaseAsync());
        await database.MigrateAsync();
        return new Scenario(database, new FakeTimeProvider(Day0), options ?? new RunOptions());
    }

    /// <summary>Same database, another engine (other options), sharing the clock.</summary>
    public RunEngine EngineWith(RunOptions options) => new(Database, Clock, options);

    public void AdvanceDays(int days) => Clock.Advance(TimeSpan.FromDays(days));

    /// <summary>Moves the clock to day <paramref name="day"/> 08:00.</summary>
    public void GoToDay(int day) => Clock.SetUtcNow(Day0.AddDays(day));

    public Task<ImportSummary> ImportAsync(DirectoryData data) => DirectoryImporter.ImportAsync(Database, data);

    /// <summary>Imports the contents and users given, each user with an email address.</summary>
    public Task ImportUsersAsync(IEnumerable<string> contents, params DirectoryUser[] users) =>
        ImportAsync(new DirectoryData
        {
            Contents = contents.Select(c => new Content { Id = c, Title = c + " title", Link = "https://learn.example/" + c }).ToList(),
            Users = users.ToList(),
        });

    public static DirectoryUser User(string id, string? manager = null, string? department = null) => new()
    {
        Id = id, FirstName = id, LastName = "Tester", Email = id + "@example.com", ManagerId = manager, Department = department,
    };

    public Task<RunReport> RunAsync(WorkflowPlan plan) => Engine.RunNowAsync(plan, "test");

    public async Task<List<OutboxMessage>> OutboxAsync(string? workflowId = null)
    {
        await using var db = Database.CreateContext();
        return await db.Outbox.AsNoTracking().Include(m => m.Entries).Include(m => m.Results)
            .Where(m => workflowId == null || m.WorkflowId == workflowId)
            .OrderBy(m => m.Id).ToListAsync();
    }

    public async Task<List<UserProgress>> ProgressAsync(string workflowId)
    {
        await using var db = Database.CreateContext();
        return await db.Progress.AsNoTracking().Where(p => p.WorkflowId == workflowId).OrderBy(p => p.UserId).ToListAsync();
    }

    public async Task<WorkflowRecord> RecordAsync(string workflowId)
    {
        await using var db = Database.CreateContext();
        return await db.Workflows.AsNoTracking().FirstAsync(w => w.Id == workflowId);
    }

    public async Task CompleteAsync(string userId, string contentId, DateTime? expiresAt = null)
    {
        await ImportAsync(new DirectoryData { Completions = [new Completion { UserId = userId, ContentId = contentId, CompletedAt = Now, ExpiresAt = expiresAt }] });
    }
}

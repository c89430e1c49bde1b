using Microsoft.EntityFrameworkCore;

namespace WorkflowDsl.Runtime.Storage;

/// <summary>The supported database providers.</summary>
public enum DatabaseProvider
{
    /// <summary>SQLite, the embedded default: one file under the app's data folder.</summary>
    Sqlite = 0,
    /// <summary>PostgreSQL through Npgsql.</summary>
    PostgreSql = 1,
}

/// <summary>Creates <see cref="WorkflowDbContext"/> instances for one database and creates the schema on first use.</summary>
public sealed class WorkflowDatabase
{
    private readonly DbContextOptions<WorkflowDbContext> _options;

    private WorkflowDatabase(DatabaseProvider provider, DbContextOptions<WorkflowDbContext> options)
    {
        Provider = provider;
        _options = options;
    }

    /// <summary>Which provider this database uses.</summary>
    public DatabaseProvider Provider { get; }

    /// <summary>The embedded default: a SQLite file, created (with its folder) on first start.</summary>
    /// <param name="path">The database file, such as <c>data/workflows.db</c>.</param>
    public static WorkflowDatabase Sqlite(string path)
    {
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        // A busy timeout lets concurrent writers (another run's lock attempt) wait instead of failing at once.
        var options = new DbContextOptionsBuilder<WorkflowDbContext>()
            .UseSqlite($"Data Source={full};Default Timeout=30;Pooling=False")
            .Options;
        return new WorkflowDatabase(DatabaseProvider.Sqlite, options);
    }

    /// <summary>A PostgreSQL database.</summary>
    /// <param name="connectionString">An Npgsql connection string.</param>
    public static WorkflowDatabase PostgreSql(string connectionString)
    {
        var options = new DbContextOptionsBuilder<WorkflowDbContext>()
            .UseNpgsql(connectionString)
            .Options;
        return new WorkflowDatabase(DatabaseProvider.PostgreSql, options);
    }

    /// <summary>A new context (one per unit of work; contexts are not thread-safe).</summary>
    public WorkflowDbContext CreateContext() => new(_options);

    /// <summary>Creates the database and its schema if they do not exist yet.</summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken = default)
    {
        await using var db = CreateContext();
        await db.Database.EnsureCreatedAsync(cancellationToken);
        if (Provider == DatabaseProvider.Sqlite)
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
    }
}

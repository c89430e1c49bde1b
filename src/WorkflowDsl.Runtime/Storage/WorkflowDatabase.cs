using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace WorkflowDsl.Runtime.Storage;

/// <summary>The supported database providers.</summary>
public enum DatabaseProvider
{
    /// <summary>SQLite, the embedded default: one file under the app's data folder.</summary>
    Sqlite = 0,
    /// <summary>PostgreSQL through Npgsql.</summary>
    PostgreSql = 1,
    /// <summary>SQL Server (migrations generated and checked offline).</summary>
    SqlServer = 2,
}

/// <summary>Creates <see cref="WorkflowDbContext"/> instances for one database and creates or
/// migrates the schema on first use.</summary>
public sealed class WorkflowDatabase
{
    private readonly Func<WorkflowDbContext> _create;

    private WorkflowDatabase(DatabaseProvider provider, string connectionString, Func<WorkflowDbContext> create)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _create = create;
    }

    /// <summary>Which provider this database uses.</summary>
    public DatabaseProvider Provider { get; }

    /// <summary>The connection string every context of this database uses (other components on the same
    /// database, such as the dispatcher's and the server's contexts and Hangfire, take it from here).</summary>
    public string ConnectionString { get; }

    /// <summary>The embedded default: a SQLite file, created (with its folder) and migrated on first start.</summary>
    /// <param name="path">The database file, such as <c>data/workflows.db</c>.</param>
    /// <param name="busyTimeout">How long a statement waits for another writer to finish before it fails
    /// with "database is locked" (whole seconds, at least 1; default 30 s).</param>
    public static WorkflowDatabase Sqlite(string path, TimeSpan? busyTimeout = null)
    {
        string full = Path.GetFullPath(path);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        // A busy timeout lets concurrent writers wait instead of failing at once.
        int seconds = Math.Max(1, (int)Math.Ceiling((busyTimeout ?? TimeSpan.FromSeconds(30)).TotalSeconds));
        string connectionString = $"Data Source={full};Default Timeout={seconds};Pooling=False";
        var options = new DbContextOptionsBuilder<SqliteWorkflowDbContext>()
            .UseSqlite(connectionString)
            .AddInterceptors(SqlitePragmas.Instance)
            .Options;
        return new WorkflowDatabase(DatabaseProvider.Sqlite, connectionString, () => new SqliteWorkflowDbContext(options));
    }

    /// <summary>The embedded default in the app's data folder:
    /// <c>{LocalApplicationData}/{appName}/workflows.db</c> (on Linux <c>~/.local/share/{appName}/workflows.db</c>).</summary>
    /// <param name="appName">The folder name under the user's local application data.</param>
    public static WorkflowDatabase SqliteInAppData(string appName = "WorkflowDsl") =>
        Sqlite(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), appName, "workflows.db"));

    /// <summary>A PostgreSQL database (created and migrated on first start if the user may create databases).</summary>
    /// <param name="connectionString">An Npgsql connection string.</param>
    public static WorkflowDatabase PostgreSql(string connectionString)
    {
        var options = new DbContextOptionsBuilder<PostgreSqlWorkflowDbContext>()
            .UseNpgsql(connectionString)
            .Options;
        return new WorkflowDatabase(DatabaseProvider.PostgreSql, connectionString, () => new PostgreSqlWorkflowDbContext(options));
    }

    /// <summary>A SQL Server database.</summary>
    /// <param name="connectionString">A SqlClient connection string.</param>
    public static WorkflowDatabase SqlServer(string connectionString)
    {
        var options = new DbContextOptionsBuilder<SqlServerWorkflowDbContext>()
            .UseSqlServer(connectionString)
            .Options;
        return new WorkflowDatabase(DatabaseProvider.SqlServer, connectionString, () => new SqlServerWorkflowDbContext(options));
    }

    /// <summary>A new context (one per unit of work; contexts are not thread-safe).</summary>
    public WorkflowDbContext CreateContext() => _create();

    /// <summary>Creates the database if needed and applies the provider's pending migrations, which create
    /// every table (the run engine's and the dispatcher's). A database an earlier version created, whose
    /// dispatcher tables were made outside the migrations, is upgraded in place (see docs/run-engine.md).</summary>
    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var db = CreateContext();
        await LegacySchema.AdoptDispatchTablesAsync(db, cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
        if (Provider == DatabaseProvider.Sqlite)
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
    }
}

/// <summary>Per-connection SQLite settings for the embedded default (journal_mode=WAL is persistent in the
/// file and set by <see cref="WorkflowDatabase.MigrateAsync"/>): <c>synchronous=NORMAL</c>, which in WAL
/// mode is durable against application crashes and consistent after power loss (a commit may be lost
/// on power loss, never corrupted), and saves an fsync per commit. (A larger page cache was tried: no
/// measurable gain in the run benchmark, +30 MB.)</summary>
internal sealed class SqlitePragmas : DbConnectionInterceptor
{
    public static readonly SqlitePragmas Instance = new();

    private const string Sql = "PRAGMA synchronous=NORMAL;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Sql;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

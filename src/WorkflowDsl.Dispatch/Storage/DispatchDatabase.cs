using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using WorkflowDsl.Runtime.Storage;

namespace WorkflowDsl.Dispatch.Storage;

/// <summary>Creates <see cref="DispatchDbContext"/> instances on the same database as a
/// <see cref="WorkflowDatabase"/>, and adds the dispatcher's tables to it.</summary>
public sealed class DispatchDatabase
{
    // Quoted or not depending on the provider (PostgreSQL leaves lower-case names bare), so match the bare name.
    private static readonly string[] OwnTables = ["dispatch_attempts", "dispatch_done", "dispatch_opt_outs", "dispatch_tracking"];
    private readonly DbContextOptions<WorkflowDbContext> _options;
    private readonly string _connectionString;

    /// <summary>Uses the database of <paramref name="database"/> (same provider and connection string).</summary>
    public DispatchDatabase(WorkflowDatabase database)
    {
        Workflows = database;
        using var probe = database.CreateContext();
        string connection = probe.Database.GetConnectionString()
            ?? throw new InvalidOperationException("The workflow database has no connection string: create it with WorkflowDatabase.Sqlite or WorkflowDatabase.PostgreSql.");
        _connectionString = connection;
        var builder = new DbContextOptionsBuilder<WorkflowDbContext>();
        _options = (database.Provider switch
        {
            DatabaseProvider.Sqlite => builder.UseSqlite(connection),
            DatabaseProvider.PostgreSql => builder.UseNpgsql(connection),
            _ => builder.UseSqlServer(connection),
        }).Options;
    }

    /// <summary>The run engine's database.</summary>
    public WorkflowDatabase Workflows { get; }

    /// <summary>A new context (one per unit of work).</summary>
    public DispatchDbContext CreateContext() => new(_options);

    /// <summary>SQLite: an open connection for one dispatcher pass, so its many short units of work do not
    /// each open the file and read the schema again (the run engine's connection string turns pooling
    /// off). Null for the other providers, which pool connections. Use it from one thread at a time.</summary>
    internal async Task<PassConnection?> OpenPassConnectionAsync(CancellationToken cancellationToken)
    {
        if (Workflows.Provider != DatabaseProvider.Sqlite) return null;
        var connection = new Microsoft.Data.Sqlite.SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        return new PassConnection(connection, new DbContextOptionsBuilder<WorkflowDbContext>().UseSqlite(connection).Options);
    }

    /// <summary>A new context on the pass's connection when there is one, else on its own.</summary>
    internal DispatchDbContext CreateContext(PassConnection? pass) => pass is null ? CreateContext() : new(pass.Options);

    /// <summary>Migrates the run engine's schema, then creates the dispatcher's tables and indexes if
    /// they do not exist yet (idempotent; safe on a database the run engine created).</summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken = default)
    {
        await Workflows.MigrateAsync(cancellationToken);
        await using var db = CreateContext();
        // The run engine's migrations do not know our tables, so create them from the model's script:
        // only the statements about our tables, each made idempotent.
        string script = db.Database.GenerateCreateScript();
        if (Workflows.Provider == DatabaseProvider.SqlServer)
        {
            // SQL Server has no CREATE ... IF NOT EXISTS: create all of ours once, when the first is missing.
            int exists = await db.Database.SqlQueryRaw<int>("SELECT CASE WHEN OBJECT_ID(N'dispatch_attempts') IS NULL THEN 0 ELSE 1 END AS [Value]").SingleAsync(cancellationToken);
            if (exists == 1) return;
            foreach (string raw in script.Split(["\nGO", ";"], StringSplitOptions.RemoveEmptyEntries))
            {
                string statement = raw.Trim();
                if (OwnTables.Any(t => statement.Contains(t, StringComparison.Ordinal)))
                    await db.Database.ExecuteSqlRawAsync(statement, cancellationToken);
            }
            return;
        }
        foreach (string raw in script.Split(';'))
        {
            string statement = raw.Trim();
            if (statement.Length == 0 || !OwnTables.Any(t => statement.Contains(t, StringComparison.Ordinal))) continue;
            statement = statement
                .Replace("CREATE TABLE ", "CREATE TABLE IF NOT EXISTS ", StringComparison.Ordinal)
                .Replace("CREATE UNIQUE INDEX ", "CREATE UNIQUE INDEX IF NOT EXISTS ", StringComparison.Ordinal)
                .Replace("CREATE INDEX ", "CREATE INDEX IF NOT EXISTS ", StringComparison.Ordinal);
            await db.Database.ExecuteSqlRawAsync(statement, cancellationToken);
        }
    }
}

/// <summary>One open connection shared by the units of work of one dispatcher pass (SQLite).</summary>
internal sealed class PassConnection(System.Data.Common.DbConnection connection, DbContextOptions<WorkflowDbContext> options) : IAsyncDisposable
{
    /// <summary>Context options on the open connection (contexts do not close it).</summary>
    public DbContextOptions<WorkflowDbContext> Options { get; } = options;

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => connection.DisposeAsync();
}

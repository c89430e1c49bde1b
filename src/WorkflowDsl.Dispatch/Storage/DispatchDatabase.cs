using Microsoft.EntityFrameworkCore;
using WorkflowDsl.Runtime.Storage;

namespace WorkflowDsl.Dispatch.Storage;

/// <summary>Creates <see cref="DispatchDbContext"/> instances on the same database as a
/// <see cref="WorkflowDatabase"/> (whose migrations create the dispatcher's tables too).</summary>
public sealed class DispatchDatabase
{
    private readonly DbContextOptions<WorkflowDbContext> _options;
    private readonly string _connectionString;

    /// <summary>Uses the database of <paramref name="database"/> (same provider and connection string).</summary>
    public DispatchDatabase(WorkflowDatabase database)
    {
        Workflows = database;
        string connection = database.ConnectionString;
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

    /// <summary>Creates or migrates the database: the storage layer's migrations create every table,
    /// the dispatcher's included (the same as <see cref="WorkflowDatabase.MigrateAsync"/>; a database whose
    /// dispatcher tables an earlier version created is upgraded in place).</summary>
    public Task EnsureCreatedAsync(CancellationToken cancellationToken = default) => Workflows.MigrateAsync(cancellationToken);
}

/// <summary>One open connection shared by the units of work of one dispatcher pass (SQLite).</summary>
internal sealed class PassConnection(System.Data.Common.DbConnection connection, DbContextOptions<WorkflowDbContext> options) : IAsyncDisposable
{
    /// <summary>Context options on the open connection (contexts do not close it).</summary>
    public DbContextOptions<WorkflowDbContext> Options { get; } = options;

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => connection.DisposeAsync();
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using WorkflowDsl.Runtime.Storage;

namespace WorkflowDsl.Dispatch.Storage;

/// <summary>Creates <see cref="DispatchDbContext"/> instances on the same database as a
/// <see cref="WorkflowDatabase"/>, and adds the dispatcher's tables to it.</summary>
public sealed class DispatchDatabase
{
    private static readonly string[] OwnTables = ["\"dispatch_attempts\"", "\"dispatch_done\"", "\"dispatch_opt_outs\"", "\"dispatch_tracking\""];
    private readonly DbContextOptions<WorkflowDbContext> _options;

    /// <summary>Uses the database of <paramref name="database"/> (same provider and connection string).</summary>
    public DispatchDatabase(WorkflowDatabase database)
    {
        Workflows = database;
        using var probe = database.CreateContext();
        string connection = probe.Database.GetConnectionString()
            ?? throw new InvalidOperationException("The workflow database has no connection string: create it with WorkflowDatabase.Sqlite or WorkflowDatabase.PostgreSql.");
        var builder = new DbContextOptionsBuilder<WorkflowDbContext>();
        _options = (database.Provider == DatabaseProvider.Sqlite ? builder.UseSqlite(connection) : builder.UseNpgsql(connection)).Options;
    }

    /// <summary>The run engine's database.</summary>
    public WorkflowDatabase Workflows { get; }

    /// <summary>A new context (one per unit of work).</summary>
    public DispatchDbContext CreateContext() => new(_options);

    /// <summary>Creates the run engine's schema if needed, then the dispatcher's tables and indexes if
    /// they do not exist yet (idempotent; safe on a database the run engine created).</summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken = default)
    {
        await Workflows.EnsureCreatedAsync(cancellationToken);
        await using var db = CreateContext();
        // EnsureCreated does nothing on a database that has tables, so create ours from the model's
        // script: only the statements about our tables, each made idempotent.
        string script = db.Database.GenerateCreateScript();
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

using Microsoft.EntityFrameworkCore;
using WorkflowDsl.Runtime.Storage;

namespace WorkflowDsl.Server.Storage;

/// <summary>Creates <see cref="ServerDbContext"/> instances on the workflows' database (same provider and
/// connection string) and migrates the server's tables.</summary>
public sealed class ServerDatabase
{
    private readonly Func<ServerDbContext> _create;

    /// <summary>Uses the database of <paramref name="database"/>.</summary>
    public ServerDatabase(WorkflowDatabase database)
    {
        string connection = database.ConnectionString;
        Provider = database.Provider;
        switch (database.Provider)
        {
            case DatabaseProvider.PostgreSql:
                var pg = new DbContextOptionsBuilder<PostgreSqlServerDbContext>().UseNpgsql(connection, o => o.MigrationsHistoryTable(ServerDbContext.MigrationsTable)).Options;
                _create = () => new PostgreSqlServerDbContext(pg);
                break;
            case DatabaseProvider.SqlServer:
                var ms = new DbContextOptionsBuilder<SqlServerServerDbContext>().UseSqlServer(connection, o => o.MigrationsHistoryTable(ServerDbContext.MigrationsTable)).Options;
                _create = () => new SqlServerServerDbContext(ms);
                break;
            default:
                var lite = new DbContextOptionsBuilder<SqliteServerDbContext>().UseSqlite(connection, o => o.MigrationsHistoryTable(ServerDbContext.MigrationsTable)).Options;
                _create = () => new SqliteServerDbContext(lite);
                break;
        }
    }

    /// <summary>The provider.</summary>
    public DatabaseProvider Provider { get; }

    /// <summary>A new context.</summary>
    public ServerDbContext CreateContext() => _create();

    /// <summary>Applies the server's pending migrations.</summary>
    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var db = CreateContext();
        await db.Database.MigrateAsync(cancellationToken);
    }
}

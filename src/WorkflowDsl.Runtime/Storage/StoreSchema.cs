using Microsoft.EntityFrameworkCore;

namespace WorkflowDsl.Runtime.Storage;

/// <summary>What a database holds (in the connection's default schema): its tables, their columns
/// (<c>table.column</c>) and its named indexes, read from the provider's catalog. The upgrade of databases
/// an earlier version created (<see cref="LegacySchema"/>) and the tests that compare the model with a
/// migrated database use it.</summary>
internal sealed record StoreSchema(IReadOnlySet<string> Tables, IReadOnlySet<string> Columns, IReadOnlySet<string> Indexes)
{
    /// <summary>Reads the catalog of <paramref name="db"/>'s database.</summary>
    public static async Task<StoreSchema> ReadAsync(DbContext db, CancellationToken cancellationToken = default)
    {
        var (tables, columns, indexes) = Provider(db) switch
        {
            DatabaseProvider.Sqlite => (
                "SELECT name AS \"Value\" FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'",
                "SELECT m.name || '.' || p.name AS \"Value\" FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite%'",
                "SELECT name AS \"Value\" FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite%'"),
            DatabaseProvider.PostgreSql => (
                "SELECT tablename AS \"Value\" FROM pg_tables WHERE schemaname = current_schema()",
                "SELECT table_name || '.' || column_name AS \"Value\" FROM information_schema.columns WHERE table_schema = current_schema()",
                "SELECT indexname AS \"Value\" FROM pg_indexes WHERE schemaname = current_schema()"),
            _ => (
                "SELECT name AS [Value] FROM sys.tables WHERE schema_id = SCHEMA_ID()",
                "SELECT TABLE_NAME + '.' + COLUMN_NAME AS [Value] FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = SCHEMA_NAME()",
                "SELECT i.name AS [Value] FROM sys.indexes i JOIN sys.tables t ON t.object_id = i.object_id WHERE t.schema_id = SCHEMA_ID() AND i.name IS NOT NULL"),
        };
        return new StoreSchema(await ReadAsync(tables), await ReadAsync(columns), await ReadAsync(indexes));

        async Task<IReadOnlySet<string>> ReadAsync(string sql) =>
            (await db.Database.SqlQueryRaw<string>(sql).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The provider <paramref name="db"/> is configured for.</summary>
    public static DatabaseProvider Provider(DbContext db) => db.Database.ProviderName switch
    {
        { } name when name.Contains("Sqlite", StringComparison.Ordinal) => DatabaseProvider.Sqlite,
        { } name when name.Contains("Npgsql", StringComparison.Ordinal) => DatabaseProvider.PostgreSql,
        _ => DatabaseProvider.SqlServer,
    };
}

using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Storage;

namespace WorkflowDsl.Runtime.Storage;

/// <summary>Upgrades databases an earlier version created. Before the migration <c>DispatchTables</c>,
/// the dispatcher's tables were not in the migrations: <c>DispatchDatabase.EnsureCreatedAsync</c> created
/// them (after the migration <c>Initial</c>) from the model's create script, with the same names, columns
/// and indexes that migration creates. On such a database the migration would fail (its tables exist), so
/// before migrating, when the migration is pending and its tables exist, this checks that every table,
/// column and index the migration creates is there and records the migration as applied; the later
/// migrations then run as on any database. A database that has some of them but not all (the earlier
/// version stopped while creating them) is refused with the list of what is missing, rather than guessed at.</summary>
internal static class LegacySchema
{
    /// <summary>The name of the migration that took the dispatcher's tables into the migrations.</summary>
    public const string DispatchTablesMigration = "DispatchTables";

    /// <summary>Records <see cref="DispatchTablesMigration"/> as applied when an earlier version created
    /// its tables; does nothing on a new database or one already migrated past it.</summary>
    /// <exception cref="InvalidOperationException">Some of the migration's tables, columns or indexes
    /// exist and some do not.</exception>
    public static async Task AdoptDispatchTablesAsync(DbContext db, CancellationToken cancellationToken)
    {
        var migrations = db.GetService<IMigrationsAssembly>();
        string id = migrations.Migrations.Keys.Single(k => k.EndsWith("_" + DispatchTablesMigration, StringComparison.Ordinal));
        var history = db.GetService<IHistoryRepository>();
        // A new database (or one without migrations yet): the migrations create everything.
        if (!await db.GetService<IRelationalDatabaseCreator>().ExistsAsync(cancellationToken)
            || !await history.ExistsAsync(cancellationToken) || await IsAppliedAsync()) return;

        var migration = migrations.CreateMigration(migrations.Migrations[id], db.Database.ProviderName!);
        var tables = migration.UpOperations.OfType<CreateTableOperation>().ToList();
        var schema = await StoreSchema.ReadAsync(db, cancellationToken);
        if (!tables.Any(t => schema.Tables.Contains(t.Name))) return;   // not created before: the migration creates them
        var missing = tables.Where(t => !schema.Tables.Contains(t.Name)).Select(t => "table " + t.Name)
            .Concat(tables.SelectMany(t => t.Columns.Select(c => t.Name + "." + c.Name)).Where(c => !schema.Columns.Contains(c)).Select(c => "column " + c))
            .Concat(migration.UpOperations.OfType<CreateIndexOperation>().Where(i => !schema.Indexes.Contains(i.Name)).Select(i => "index " + i.Name))
            .ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"The database has some of the dispatcher's tables, which an earlier version created, but not all of what migration {id} creates: " +
                $"{string.Join(", ", missing)} missing. Drop the dispatcher's tables ({string.Join(", ", tables.Select(t => t.Name))}) if they hold nothing to keep, " +
                "or create what is missing as the earlier version did, and start again.");
        }
        try
        {
            await db.Database.ExecuteSqlRawAsync(history.GetInsertScript(new HistoryRow(id, ProductInfo.GetVersion())), cancellationToken);
        }
        catch (DbException)
        {
            if (!await IsAppliedAsync()) throw;   // else another process recorded it first
        }

        async Task<bool> IsAppliedAsync() =>
            (await history.GetAppliedMigrationsAsync(cancellationToken)).Any(r => r.MigrationId == id);
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using WorkflowDsl.Runtime.Storage;

namespace WorkflowDsl.Runtime.Tests;

/// <summary>The tables, columns and indexes the EF model describes (every table the code uses, the
/// dispatcher's included), read from its metadata.</summary>
internal sealed record ModelSchema(IReadOnlySet<string> Tables, IReadOnlySet<string> Columns, IReadOnlySet<string> Indexes)
{
    /// <summary>The dispatcher's tables, which the migrations create since DispatchTables.</summary>
    public static readonly string[] DispatcherTables = ["dispatch_attempts", "dispatch_done", "dispatch_opt_outs", "dispatch_tracking"];

    public static ModelSchema Of(IModel model)
    {
        var tables = new HashSet<string>(StringComparer.Ordinal);
        var columns = new HashSet<string>(StringComparer.Ordinal);
        var indexes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entity in model.GetEntityTypes())
        {
            string table = entity.GetTableName()!;
            var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
            tables.Add(table);
            foreach (var property in entity.GetProperties()) columns.Add(table + "." + property.GetColumnName(store));
            foreach (var index in entity.GetIndexes()) indexes.Add(index.GetDatabaseName(store)!);
        }
        return new ModelSchema(tables, columns, indexes);
    }

    /// <summary>Asserts the database has exactly these tables and columns (EF's own tables,
    /// <c>__EFMigrationsHistory</c> and the migration lock, aside) and every one of these indexes.</summary>
    public void AssertMatches(StoreSchema database)
    {
        static bool Ours(string name) => !name.StartsWith("__EF", StringComparison.Ordinal);
        Assert.Equal(Tables.Order(), database.Tables.Where(Ours).Order());
        Assert.Equal(Columns.Order(), database.Columns.Where(Ours).Order());
        Assert.Empty(Indexes.Except(database.Indexes));
    }
}

/// <summary>Migrating an empty database creates every table the code uses: what the EF model describes
/// is what the database has after <c>MigrateAsync</c>, on SQLite and on the private PostgreSQL server.</summary>
public abstract class SchemaTests(StoreKind store)
{
    [StoreFact]
    public async Task Migrating_an_empty_database_creates_every_table_column_and_index_of_the_model()
    {
        var s = await Scenario.CreateAsync(store);   // an empty database, migrated
        await using var db = s.Database.CreateContext();

        var model = ModelSchema.Of(db.Model);
        var actual = await StoreSchema.ReadAsync(db);

        Assert.False(db.Database.HasPendingModelChanges());
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Subset(model.Tables.ToHashSet(), ModelSchema.DispatcherTables.ToHashSet());
        model.AssertMatches(actual);
    }

    [StoreFact]
    public async Task Migrating_again_changes_nothing()
    {
        var s = await Scenario.CreateAsync(store);
        await using var db = s.Database.CreateContext();
        var before = await StoreSchema.ReadAsync(db);

        await s.Database.MigrateAsync();

        var after = await StoreSchema.ReadAsync(db);
        Assert.Equal(before.Tables.Order(), after.Tables.Order());
        Assert.Equal(before.Columns.Order(), after.Columns.Order());
        Assert.Equal(before.Indexes.Order(), after.Indexes.Order());
    }
}

public sealed class SchemaOnSqlite() : SchemaTests(StoreKind.Sqlite);

public sealed class SchemaOnPostgres() : SchemaTests(StoreKind.PostgreSql), IPostgresTests;

/// <summary>A database an earlier version created (migrated to Initial, the dispatcher's tables created by
/// <c>DispatchDatabase.EnsureCreatedAsync</c> from the model's script) upgrades in place.</summary>
public abstract class LegacyUpgradeTests(StoreKind store) : IDisposable
{
    /// <summary>What the earlier version's <c>DispatchDatabase.EnsureCreatedAsync</c> ran on SQLite: the
    /// model's create script, only the statements about its tables, each made idempotent.</summary>
    private const string EarlierDispatcherTablesSqlite = """
        CREATE TABLE IF NOT EXISTS "dispatch_attempts" (
            "Id" INTEGER NOT NULL CONSTRAINT "PK_dispatch_attempts" PRIMARY KEY AUTOINCREMENT,
            "OutboxMessageId" INTEGER NOT NULL,
            "Channel" INTEGER NOT NULL,
            "AttemptNumber" INTEGER NOT NULL,
            "State" INTEGER NOT NULL,
            "ProviderId" TEXT NULL,
            "Reason" TEXT NOT NULL,
            "ClaimedAt" TEXT NOT NULL,
            "FinishedAt" TEXT NULL,
            "RetryNotBefore" TEXT NULL
        );
        CREATE TABLE IF NOT EXISTS "dispatch_done" (
            "OutboxMessageId" INTEGER NOT NULL CONSTRAINT "PK_dispatch_done" PRIMARY KEY,
            "At" TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS "dispatch_opt_outs" (
            "UserId" TEXT NOT NULL,
            "Channel" INTEGER NOT NULL,
            "Source" TEXT NOT NULL,
            "OutboxMessageId" INTEGER NULL,
            "At" TEXT NOT NULL,
            CONSTRAINT "PK_dispatch_opt_outs" PRIMARY KEY ("UserId", "Channel")
        );
        CREATE TABLE IF NOT EXISTS "dispatch_tracking" (
            "Id" INTEGER NOT NULL CONSTRAINT "PK_dispatch_tracking" PRIMARY KEY AUTOINCREMENT,
            "Kind" INTEGER NOT NULL,
            "OutboxMessageId" INTEGER NOT NULL,
            "UserId" TEXT NOT NULL,
            "Url" TEXT NULL,
            "At" TEXT NOT NULL,
            "UserAgent" TEXT NULL
        );
        CREATE UNIQUE INDEX IF NOT EXISTS "IX_dispatch_attempts_OutboxMessageId_Channel_AttemptNumber" ON "dispatch_attempts" ("OutboxMessageId", "Channel", "AttemptNumber");
        CREATE INDEX IF NOT EXISTS "IX_dispatch_attempts_ProviderId" ON "dispatch_attempts" ("ProviderId");
        CREATE INDEX IF NOT EXISTS "IX_dispatch_attempts_State" ON "dispatch_attempts" ("State");
        CREATE INDEX IF NOT EXISTS "IX_dispatch_tracking_OutboxMessageId_Kind" ON "dispatch_tracking" ("OutboxMessageId", "Kind");
        """;

    /// <summary>The same on PostgreSQL.</summary>
    private const string EarlierDispatcherTablesPostgreSql = """
        CREATE TABLE IF NOT EXISTS dispatch_attempts (
            "Id" bigint GENERATED BY DEFAULT AS IDENTITY,
            "OutboxMessageId" bigint NOT NULL,
            "Channel" integer NOT NULL,
            "AttemptNumber" integer NOT NULL,
            "State" integer NOT NULL,
            "ProviderId" character varying(400),
            "Reason" character varying(1000) NOT NULL,
            "ClaimedAt" timestamp with time zone NOT NULL,
            "FinishedAt" timestamp with time zone,
            "RetryNotBefore" timestamp with time zone,
            CONSTRAINT "PK_dispatch_attempts" PRIMARY KEY ("Id")
        );
        CREATE TABLE IF NOT EXISTS dispatch_done (
            "OutboxMessageId" bigint NOT NULL,
            "At" timestamp with time zone NOT NULL,
            CONSTRAINT "PK_dispatch_done" PRIMARY KEY ("OutboxMessageId")
        );
        CREATE TABLE IF NOT EXISTS dispatch_opt_outs (
            "UserId" character varying(400) NOT NULL,
            "Channel" integer NOT NULL,
            "Source" character varying(400) NOT NULL,
            "OutboxMessageId" bigint,
            "At" timestamp with time zone NOT NULL,
            CONSTRAINT "PK_dispatch_opt_outs" PRIMARY KEY ("UserId", "Channel")
        );
        CREATE TABLE IF NOT EXISTS dispatch_tracking (
            "Id" bigint GENERATED BY DEFAULT AS IDENTITY,
            "Kind" smallint NOT NULL,
            "OutboxMessageId" bigint NOT NULL,
            "UserId" character varying(400) NOT NULL,
            "Url" character varying(2000),
            "At" timestamp with time zone NOT NULL,
            "UserAgent" character varying(400),
            CONSTRAINT "PK_dispatch_tracking" PRIMARY KEY ("Id")
        );
        CREATE UNIQUE INDEX IF NOT EXISTS "IX_dispatch_attempts_OutboxMessageId_Channel_AttemptNumber" ON dispatch_attempts ("OutboxMessageId", "Channel", "AttemptNumber");
        CREATE INDEX IF NOT EXISTS "IX_dispatch_attempts_ProviderId" ON dispatch_attempts ("ProviderId");
        CREATE INDEX IF NOT EXISTS "IX_dispatch_attempts_State" ON dispatch_attempts ("State");
        CREATE INDEX IF NOT EXISTS "IX_dispatch_tracking_OutboxMessageId_Kind" ON dispatch_tracking ("OutboxMessageId", "Kind");
        """;

    private string EarlierDispatcherTables => store == StoreKind.Sqlite ? EarlierDispatcherTablesSqlite : EarlierDispatcherTablesPostgreSql;

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "wfdsl-upgrade-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true); }
        catch (IOException) { }
    }

    /// <summary>A database as the earlier version left it: migrated to Initial only, then <paramref name="ddl"/>.</summary>
    private async Task<WorkflowDatabase> EarlierDatabaseAsync(string ddl)
    {
        var database = store == StoreKind.Sqlite
            ? WorkflowDatabase.Sqlite(Path.Combine(_folder, "workflows.db"))
            : WorkflowDatabase.PostgreSql(await PostgresServer.NewDatabaseAsync());
        await using var db = database.CreateContext();
        string initial = db.Database.GetMigrations().First();
        Assert.EndsWith("_Initial", initial);
        await db.GetService<IMigrator>().MigrateAsync(initial);
        await db.Database.ExecuteSqlRawAsync(ddl);
        return database;
    }

    [StoreFact]
    public async Task A_database_whose_dispatcher_tables_an_earlier_version_created_is_upgraded_and_keeps_its_rows()
    {
        var at = new DateTime(2026, 1, 5, 8, 0, 0, DateTimeKind.Utc);
        var database = await EarlierDatabaseAsync(EarlierDispatcherTables);
        await using (var db = database.CreateContext())
        {
            // Rows as the earlier dispatcher wrote them (through EF, on the same columns).
            db.OptOuts.Add(new OptOut { UserId = "u1", Channel = Channel.None, Source = "unsubscribe-link", OutboxMessageId = 7, At = at });
            db.Attempts.Add(new DispatchAttempt { OutboxMessageId = 7, Channel = Channel.Email, AttemptNumber = 1, State = AttemptState.Sent, ClaimedAt = at });
            await db.SaveChangesAsync();
            Assert.NotEmpty(await db.Database.GetPendingMigrationsAsync());
        }

        await database.MigrateAsync();
        await database.MigrateAsync();   // and the next start finds nothing to do

        await using (var db = database.CreateContext())
        {
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            Assert.Contains(await db.Database.GetAppliedMigrationsAsync(), m => m.EndsWith("_DispatchTables", StringComparison.Ordinal));
            var optOut = await db.OptOuts.SingleAsync();
            Assert.Equal(("u1", Channel.None, 7L, at), (optOut.UserId, optOut.Channel, optOut.OutboxMessageId, optOut.At));
            Assert.Equal(AttemptState.Sent, (await db.Attempts.SingleAsync(a => a.ClaimedAt == at)).State);
            ModelSchema.Of(db.Model).AssertMatches(await StoreSchema.ReadAsync(db));

            // The unique claim key is still there: a second claim of the same attempt fails.
            db.Attempts.Add(new DispatchAttempt { OutboxMessageId = 7, Channel = Channel.Email, AttemptNumber = 1, State = AttemptState.InFlight, ClaimedAt = DateTime.UtcNow });
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        }
    }

    [StoreFact]
    public async Task A_database_with_only_some_of_the_dispatcher_tables_is_refused_with_what_is_missing()
    {
        string ddl = EarlierDispatcherTables;
        string attemptsOnly = ddl[..ddl.IndexOf("CREATE TABLE IF NOT EXISTS", 10, StringComparison.Ordinal)];
        var database = await EarlierDatabaseAsync(attemptsOnly);

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => database.MigrateAsync());

        Assert.Contains("table dispatch_done", e.Message);
        Assert.Contains("index IX_dispatch_tracking_OutboxMessageId_Kind", e.Message);
        Assert.DoesNotContain("table dispatch_attempts", e.Message);
    }
}

public sealed class LegacyUpgradeOnSqlite() : LegacyUpgradeTests(StoreKind.Sqlite);

public sealed class LegacyUpgradeOnPostgres() : LegacyUpgradeTests(StoreKind.PostgreSql), IPostgresTests;

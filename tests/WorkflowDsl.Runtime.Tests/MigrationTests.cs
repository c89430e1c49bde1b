using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using WorkflowDsl.Runtime.Storage;

namespace WorkflowDsl.Runtime.Tests;

/// <summary>Each provider has its own migrations; they match the model and script offline.</summary>
public sealed class MigrationTests
{
    public static TheoryData<string> Providers => new() { "Sqlite", "PostgreSql", "SqlServer" };

    private static WorkflowDbContext Offline(string provider) => provider switch
    {
        "Sqlite" => new SqliteDesignTimeFactory().CreateDbContext([]),
        "PostgreSql" => new PostgreSqlDesignTimeFactory().CreateDbContext([]),
        _ => new SqlServerDesignTimeFactory().CreateDbContext([]),
    };

    [Theory]
    [MemberData(nameof(Providers))]
    public void Each_provider_has_migrations_and_the_model_has_no_pending_changes(string provider)
    {
        using var db = Offline(provider);

        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.False(db.Database.HasPendingModelChanges(), $"{provider}: the model changed since the last migration: add one with dotnet ef migrations add --context {provider}WorkflowDbContext");
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void Each_providers_migrations_create_every_table_of_the_model(string provider)
    {
        using var db = Offline(provider);
        var migrations = db.GetService<IMigrationsAssembly>();

        // The snapshot the migrations were made from has every table, column and index of the model
        // (the dispatcher's too), and the script from an empty database creates every table.
        var model = ModelSchema.Of(db.Model);
        var snapshot = ModelSchema.Of(migrations.ModelSnapshot!.Model);
        string script = db.GetService<IMigrator>().GenerateScript();
        Assert.Subset(model.Tables.ToHashSet(), ModelSchema.DispatcherTables.ToHashSet());
        Assert.Equal(model.Tables.Order(), snapshot.Tables.Order());
        Assert.Equal(model.Columns.Order(), snapshot.Columns.Order());
        Assert.Equal(model.Indexes.Order(), snapshot.Indexes.Order());
        Assert.All(model.Tables, table => Assert.Matches($@"CREATE TABLE [\[""]?{table}[\]""]? \(", script));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void Each_providers_migration_script_builds_offline(string provider)
    {
        using var db = Offline(provider);

        // SQLite cannot script idempotently; the others are scripted as a deployment would run them.
        var options = provider == "Sqlite" ? MigrationsSqlGenerationOptions.Default : MigrationsSqlGenerationOptions.Idempotent;
        string script = db.GetService<IMigrator>().GenerateScript(options: options);

        Assert.Contains("CREATE TABLE", script, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("outbox", script);
        Assert.Contains("CREATE UNIQUE INDEX", script, StringComparison.OrdinalIgnoreCase);
    }
}

/// <summary>The embedded default creates its folder and file, and migrates, on first start.</summary>
public sealed class EmbeddedDefaultTests
{
    [Fact]
    public async Task The_SQLite_default_is_created_and_migrated_on_first_start()
    {
        string folder = Path.Combine(Path.GetTempPath(), "wfdsl-first-start-" + Guid.NewGuid().ToString("N"));
        string path = Path.Combine(folder, "data", "workflows.db");
        try
        {
            var database = WorkflowDatabase.Sqlite(path);
            await database.MigrateAsync();
            await database.MigrateAsync();   // a second start finds nothing to do

            await using var db = database.CreateContext();
            Assert.True(File.Exists(path));
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            Assert.Equal(0, await db.Outbox.CountAsync());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

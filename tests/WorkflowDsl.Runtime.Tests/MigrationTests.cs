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

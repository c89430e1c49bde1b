using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace WorkflowDsl.Server.Storage;

/// <summary>The server's own tables, in the same database as the workflows: administrators' accounts
/// (ASP.NET Core Identity), API keys and the audit log. The server layer owns them and migrates them
/// with its own migrations (history table <c>__server_migrations</c>), so the run engine's model stays
/// free of sign-in concerns.</summary>
public abstract class ServerDbContext(DbContextOptions options) : IdentityDbContext<AdministratorAccount>(options)
{
    /// <summary>The migrations history table of the server's tables.</summary>
    public const string MigrationsTable = "__server_migrations";

    /// <summary>API keys.</summary>
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    /// <summary>The audit log.</summary>
    public DbSet<AuditEntry> Audit => Set<AuditEntry>();

    /// <inheritdoc/>
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.Entity<AdministratorAccount>(e =>
        {
            e.Property(a => a.Labels).HasMaxLength(2000);
        });
        builder.Entity<ApiKey>(e =>
        {
            e.ToTable("server_api_keys");
            e.HasKey(k => k.Id);
            e.Property(k => k.Id).HasMaxLength(64);
            e.Property(k => k.AccountId).HasMaxLength(450);
            e.Property(k => k.Name).HasMaxLength(200);
            e.Property(k => k.SecretHash).HasMaxLength(64);
            e.HasIndex(k => k.AccountId);
        });
        builder.Entity<AuditEntry>(e =>
        {
            e.ToTable("server_audit");
            e.HasKey(a => a.Id);
            e.Property(a => a.Actor).HasMaxLength(256);
            e.Property(a => a.Action).HasMaxLength(100);
            e.Property(a => a.WorkflowId).HasMaxLength(200);
            e.HasIndex(a => a.At);
            e.HasIndex(a => new { a.WorkflowId, a.At });
        });
    }
}

/// <summary>The server's tables on SQLite; migrations in Storage/Migrations/Sqlite.</summary>
public sealed class SqliteServerDbContext(DbContextOptions<SqliteServerDbContext> options) : ServerDbContext(options);

/// <summary>The server's tables on PostgreSQL; migrations in Storage/Migrations/PostgreSql.</summary>
public sealed class PostgreSqlServerDbContext(DbContextOptions<PostgreSqlServerDbContext> options) : ServerDbContext(options);

/// <summary>The server's tables on SQL Server; migrations in Storage/Migrations/SqlServer (checked offline).</summary>
public sealed class SqlServerServerDbContext(DbContextOptions<SqlServerServerDbContext> options) : ServerDbContext(options);

/// <summary>Lets <c>dotnet ef</c> create the SQLite context.</summary>
public sealed class SqliteServerDesignTimeFactory : IDesignTimeDbContextFactory<SqliteServerDbContext>
{
    /// <inheritdoc/>
    public SqliteServerDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteServerDbContext>().UseSqlite("Data Source=design-time.db", o => o.MigrationsHistoryTable(ServerDbContext.MigrationsTable)).Options);
}

/// <summary>Lets <c>dotnet ef</c> create the PostgreSQL context.</summary>
public sealed class PostgreSqlServerDesignTimeFactory : IDesignTimeDbContextFactory<PostgreSqlServerDbContext>
{
    /// <inheritdoc/>
    public PostgreSqlServerDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgreSqlServerDbContext>().UseNpgsql("Host=127.0.0.1;Database=design_time", o => o.MigrationsHistoryTable(ServerDbContext.MigrationsTable)).Options);
}

/// <summary>Lets <c>dotnet ef</c> create the SQL Server context.</summary>
public sealed class SqlServerServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerServerDbContext>
{
    /// <inheritdoc/>
    public SqlServerServerDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlServerServerDbContext>().UseSqlServer("Server=.;Database=design_time;Trusted_Connection=True;TrustServerCertificate=True", o => o.MigrationsHistoryTable(ServerDbContext.MigrationsTable)).Options);
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace WorkflowDsl.Runtime.Storage;

/// <summary>The model on SQLite; its migrations are in Storage/Migrations/Sqlite.</summary>
public sealed class SqliteWorkflowDbContext(DbContextOptions<SqliteWorkflowDbContext> options) : WorkflowDbContext(options);

/// <summary>The model on PostgreSQL; its migrations are in Storage/Migrations/PostgreSql.</summary>
public sealed class PostgreSqlWorkflowDbContext(DbContextOptions<PostgreSqlWorkflowDbContext> options) : WorkflowDbContext(options);

/// <summary>The model on SQL Server; its migrations are in Storage/Migrations/SqlServer (generated and
/// checked offline: no SQL Server runs here).</summary>
public sealed class SqlServerWorkflowDbContext(DbContextOptions<SqlServerWorkflowDbContext> options) : WorkflowDbContext(options);

/// <summary>Lets <c>dotnet ef</c> create the SQLite context (no database is opened).</summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteWorkflowDbContext>
{
    /// <inheritdoc/>
    public SqliteWorkflowDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteWorkflowDbContext>().UseSqlite("Data Source=design-time.db").Options);
}

/// <summary>Lets <c>dotnet ef</c> create the PostgreSQL context (no database is opened).</summary>
public sealed class PostgreSqlDesignTimeFactory : IDesignTimeDbContextFactory<PostgreSqlWorkflowDbContext>
{
    /// <inheritdoc/>
    public PostgreSqlWorkflowDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgreSqlWorkflowDbContext>().UseNpgsql("Host=127.0.0.1;Database=design_time").Options);
}

/// <summary>Lets <c>dotnet ef</c> create the SQL Server context (no database is opened).</summary>
public sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerWorkflowDbContext>
{
    /// <inheritdoc/>
    public SqlServerWorkflowDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlServerWorkflowDbContext>().UseSqlServer("Server=.;Database=design_time;Trusted_Connection=True;TrustServerCertificate=True").Options);
}

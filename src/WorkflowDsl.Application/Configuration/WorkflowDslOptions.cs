using WorkflowDsl.Runtime.Storage;

namespace WorkflowDsl.Application.Configuration;

/// <summary>The database the workflows' state lives in.</summary>
public sealed class DatabaseOptions
{
    /// <summary>Sqlite (the embedded default), PostgreSql or SqlServer.</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>For SQLite, the database file (<c>data/workflows.db</c> by default) or a
    /// <c>Data Source=...</c> connection string; for PostgreSQL and SQL Server, the connection string (required).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Apply pending migrations at start-up (default true).</summary>
    public bool MigrateAtStart { get; set; } = true;
}

/// <summary>The options of <c>AddWorkflowDsl</c>, bound from the configuration section
/// <see cref="Section"/> (the delivery options live under <c>WorkflowDsl:Delivery</c>) and validated at start-up.</summary>
public sealed class WorkflowDslOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "WorkflowDsl";

    /// <summary>The database.</summary>
    public DatabaseOptions Database { get; set; } = new();

    /// <summary>Users read and written per page inside a run's transaction.</summary>
    public int PageSize { get; set; } = 2000;

    /// <summary>The safety catch's margin for email and push first messages (product rules: 250).</summary>
    public int SafetyMarginEmailPush { get; set; } = 250;

    /// <summary>The safety catch's margin for SMS first messages (product rules: 25).</summary>
    public int SafetyMarginSms { get; set; } = 25;

    /// <summary>How long the confirmation token of a prepared manual run stays valid.</summary>
    public TimeSpan ConfirmationLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The key that signs confirmation tokens (base64, at least 32 bytes). Set it to the same
    /// value on every server that shares a database; when empty, each process makes its own at start,
    /// so a token is accepted only by the process that issued it.</summary>
    public string? SigningKey { get; set; }

    /// <summary>The problems with these options, each naming the setting and what to do; empty when valid.</summary>
    public IEnumerable<string> Validate()
    {
        string prefix = Section + ":";
        if (!Enum.IsDefined(Database.Provider))
            yield return $"{prefix}Database:Provider '{Database.Provider}' is not a provider: use Sqlite, PostgreSql or SqlServer.";
        else if (Database.Provider != DatabaseProvider.Sqlite && string.IsNullOrWhiteSpace(Database.ConnectionString))
            yield return $"{prefix}Database:ConnectionString is required for {Database.Provider}: set it to the server's connection string.";
        if (PageSize < 1 || PageSize > 100_000)
            yield return $"{prefix}PageSize {PageSize} is out of range: use 1 to 100000 (default 2000).";
        if (SafetyMarginEmailPush < 0)
            yield return $"{prefix}SafetyMarginEmailPush {SafetyMarginEmailPush} is negative: use 0 or more (default 250).";
        if (SafetyMarginSms < 0)
            yield return $"{prefix}SafetyMarginSms {SafetyMarginSms} is negative: use 0 or more (default 25).";
        if (ConfirmationLifetime <= TimeSpan.Zero)
            yield return $"{prefix}ConfirmationLifetime {ConfirmationLifetime} must be positive, such as 00:15:00.";
        if (!string.IsNullOrEmpty(SigningKey))
        {
            byte[]? key = null;
            try { key = Convert.FromBase64String(SigningKey); }
            catch (FormatException) { }
            if (key is null || key.Length < 32)
                yield return $"{prefix}SigningKey is not a base64 key of at least 32 bytes: generate one with `openssl rand -base64 32`, or leave it empty for a per-process key.";
        }
    }

    /// <summary>The database these options describe.</summary>
    public WorkflowDatabase CreateDatabase() => Database.Provider switch
    {
        DatabaseProvider.PostgreSql => WorkflowDatabase.PostgreSql(Database.ConnectionString!),
        DatabaseProvider.SqlServer => WorkflowDatabase.SqlServer(Database.ConnectionString!),
        _ => WorkflowDatabase.Sqlite(SqlitePath(Database.ConnectionString)),
    };

    private static string SqlitePath(string? connection)
    {
        if (string.IsNullOrWhiteSpace(connection)) return Path.Combine("data", "workflows.db");
        const string dataSource = "Data Source=";
        int at = connection.IndexOf(dataSource, StringComparison.OrdinalIgnoreCase);
        if (at < 0) return connection.Trim();
        string rest = connection[(at + dataSource.Length)..];
        int end = rest.IndexOf(';');
        return (end < 0 ? rest : rest[..end]).Trim();
    }
}

namespace WorkflowDsl.Server.Hosting;

/// <summary>Where Hangfire keeps its jobs.</summary>
public enum HangfireStorageKind
{
    /// <summary>In memory (the embedded default, one server): our database keeps every state, so a restart loses nothing but the queue, which the synchronizer rebuilds.</summary>
    InMemory = 0,
    /// <summary>PostgreSQL (several servers sharing one database).</summary>
    PostgreSql = 1,
    /// <summary>SQL Server.</summary>
    SqlServer = 2,
}

/// <summary>Hangfire's settings.</summary>
public sealed class HangfireOptions
{
    /// <summary>The storage; InMemory by default.</summary>
    public HangfireStorageKind Storage { get; set; } = HangfireStorageKind.InMemory;

    /// <summary>The storage's connection string; the workflows' database when empty.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Worker threads of this server (default 4).</summary>
    public int WorkerCount { get; set; } = 4;

    /// <summary>Whether this process runs a Hangfire server at all (default true; false for an API-only node).</summary>
    public bool RunServer { get; set; } = true;

    /// <summary>Cron expression of the outbox dispatcher's recurring job (default every minute).</summary>
    public string DispatchCron { get; set; } = "* * * * *";
}

/// <summary>OpenID Connect sign-in, off unless <see cref="Authority"/> is set.</summary>
public sealed class OpenIdConnectSettings
{
    /// <summary>The provider's issuer address.</summary>
    public string? Authority { get; set; }

    /// <summary>The client id registered at the provider.</summary>
    public string? ClientId { get; set; }

    /// <summary>The client secret.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>Allow an http authority (tests and local providers only).</summary>
    public bool AllowHttp { get; set; }

    /// <summary>Whether OpenID Connect is configured.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);
}

/// <summary>The server's options, section <see cref="Section"/>, validated at start-up.</summary>
public sealed class ServerOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "WorkflowDsl:Server";

    /// <summary>Hangfire.</summary>
    public HangfireOptions Hangfire { get; set; } = new();

    /// <summary>OpenID Connect.</summary>
    public OpenIdConnectSettings OpenIdConnect { get; set; } = new();

    /// <summary>Serve Prometheus metrics at <c>/metrics</c> (default false).</summary>
    public bool Prometheus { get; set; }

    /// <summary>The first administrator's user name, created with a one-time password when no account exists.</summary>
    public string FirstAdministrator { get; set; } = "admin";

    /// <summary>The first administrator's initial password (it must still be changed at first sign-in); when empty, a
    /// random one-time password is made and printed once to the console. For automated deployments and tests.</summary>
    public string? FirstAdministratorPassword { get; set; }

    /// <summary>Sign-in attempts per minute per client address before requests are refused (default 10).</summary>
    public int SignInAttemptsPerMinute { get; set; } = 10;

    /// <summary>API requests per minute per API key (default 600).</summary>
    public int ApiKeyRequestsPerMinute { get; set; } = 600;

    /// <summary>The problems, each naming the setting and what to do.</summary>
    public IEnumerable<string> Validate()
    {
        string p = Section + ":";
        if (!Enum.IsDefined(Hangfire.Storage))
            yield return $"{p}Hangfire:Storage '{Hangfire.Storage}' is not a storage: use InMemory, PostgreSql or SqlServer.";
        if (Hangfire.WorkerCount < 1 || Hangfire.WorkerCount > 100)
            yield return $"{p}Hangfire:WorkerCount {Hangfire.WorkerCount} is out of range: use 1 to 100.";
        if (!Cronos.CronExpression.TryParse(Hangfire.DispatchCron, Cronos.CronFormat.Standard, out _))
            yield return $"{p}Hangfire:DispatchCron '{Hangfire.DispatchCron}' is not a five-field cron expression, such as '* * * * *'.";
        if (OpenIdConnect.Enabled)
        {
            if (!Uri.TryCreate(OpenIdConnect.Authority, UriKind.Absolute, out var authority) || (authority.Scheme != "https" && !(OpenIdConnect.AllowHttp && authority.Scheme == "http")))
                yield return $"{p}OpenIdConnect:Authority '{OpenIdConnect.Authority}' is not an https address (set AllowHttp only for a local test provider).";
            if (string.IsNullOrWhiteSpace(OpenIdConnect.ClientId))
                yield return $"{p}OpenIdConnect:ClientId is required when OpenIdConnect:Authority is set.";
        }
        if (string.IsNullOrWhiteSpace(FirstAdministrator))
            yield return $"{p}FirstAdministrator is empty: give the first administrator's user name (default 'admin').";
        if (SignInAttemptsPerMinute < 1) yield return $"{p}SignInAttemptsPerMinute {SignInAttemptsPerMinute} must be at least 1.";
        if (ApiKeyRequestsPerMinute < 1) yield return $"{p}ApiKeyRequestsPerMinute {ApiKeyRequestsPerMinute} must be at least 1.";
    }
}

using WorkflowDsl.Runtime.Tests.Infrastructure;

namespace WorkflowDsl.Dispatch.Tests.Infrastructure;

/// <summary>A fact that runs against the private PostgreSQL server; skipped, with the reason, when the
/// server binaries are not installed (.ci/install installs them).</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    /// <summary>Sets the skip reason when PostgreSQL is absent.</summary>
    public PostgresFactAttribute() => Skip = PostgresServer.SkipReason;
}

using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using WorkflowDsl.Runtime.Storage;

namespace WorkflowDsl.Server.Hosting;

/// <summary>The workflows' database answers.</summary>
internal sealed class DatabaseHealthCheck(WorkflowDatabase database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = database.CreateContext();
            return await db.Database.CanConnectAsync(cancellationToken)
                ? HealthCheckResult.Healthy($"{database.Provider} answers.")
                : HealthCheckResult.Unhealthy($"{database.Provider} does not answer: check WorkflowDsl:Database:ConnectionString and that the server runs.");
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy($"{database.Provider} does not answer: {ex.GetType().Name}.", ex);
        }
    }
}

/// <summary>Hangfire's storage answers and at least one Hangfire server is alive.</summary>
internal sealed class HangfireHealthCheck(JobStorage storage) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var servers = storage.GetMonitoringApi().Servers();
            return Task.FromResult(servers.Count > 0
                ? HealthCheckResult.Healthy($"{servers.Count} Hangfire server(s).")
                : HealthCheckResult.Degraded("No Hangfire server is running: scheduled runs and deliveries wait until one starts (WorkflowDsl:Server:Hangfire:RunServer)."));
        }
        catch (Exception ex)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("Hangfire's storage does not answer: " + ex.GetType().Name + ".", ex));
        }
    }
}

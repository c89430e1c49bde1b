using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WorkflowDsl.Server.Scheduling;
using WorkflowDsl.Server.Storage;

namespace WorkflowDsl.Server.Hosting;

/// <summary>At start (after <c>AddWorkflowDsl</c> migrated the workflows' tables): migrates the server's tables,
/// creates the first administrator when there is none (printing the one-time password once to the console),
/// registers the recurring jobs of the dispatcher and of the synchronizer, and synchronizes every schedule.</summary>
internal sealed class ServerStartup(IServiceProvider services, IOptions<ServerOptions> options, ILogger<ServerStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await services.GetRequiredService<ServerDatabase>().MigrateAsync(cancellationToken);
        string userName = options.Value.FirstAdministrator;
        string? configured = options.Value.FirstAdministratorPassword;
        if (await FirstAdministrator.EnsureAsync(services, userName, configured, cancellationToken) is { } password && string.IsNullOrEmpty(configured))
        {
            // The console, not the log: a one-time secret must not end up in log storage.
            Console.WriteLine($"First administrator created: user name '{userName}', one-time password: {password}");
            Console.WriteLine("Sign in with it and change it: it is not shown again.");
            logger.LogWarning("Created the first administrator {UserName}; the one-time password was printed to the console", userName);
        }
        var jobs = services.GetRequiredService<IRecurringJobManager>();
        jobs.AddOrUpdate<WorkflowJobs>(ScheduleSynchronizer.DispatchJobId, j => j.DeliverOutboxAsync(), options.Value.Hangfire.DispatchCron);
        jobs.AddOrUpdate<WorkflowJobs>(ScheduleSynchronizer.LeaseJobId, j => j.ReleaseExpiredRunsAsync(), "* * * * *");
        jobs.AddOrUpdate<ScheduleSynchronizer>(ScheduleSynchronizer.SyncJobId, s => s.SyncAllAsync(), "* * * * *");
        await services.GetRequiredService<ScheduleSynchronizer>().SyncAsync(null, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

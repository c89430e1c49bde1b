using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using WorkflowDsl.Application.Services;
using WorkflowDsl.Delivery;
using WorkflowDsl.Dispatch.Configuration;
using WorkflowDsl.Dispatch.Dispatching;
using WorkflowDsl.Dispatch.Storage;
using WorkflowDsl.Runtime.Runs;
using WorkflowDsl.Runtime.Storage;

namespace WorkflowDsl.Application.Configuration;

/// <summary>The one entry point for applications: <see cref="AddWorkflowDsl"/>.</summary>
public static class WorkflowDslServiceCollectionExtensions
{
    /// <summary>Registers WorkflowDsl: the options of section <c>WorkflowDsl</c> (validated at start-up), the
    /// database they name, one catalogue of workflows and templates (the built-in templates plus the
    /// application's), the run engine, delivery and the outbox dispatcher (<c>WorkflowDsl:Delivery</c>), the
    /// clock (<see cref="TimeProvider.System"/> unless one is registered) and <see cref="IWorkflowService"/>.
    /// In a generic host the database is migrated at start; without one, call <see cref="StartWorkflowDslAsync"/>.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The application's configuration.</param>
    /// <param name="configure">Adds the application's workflows and templates.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    public static IServiceCollection AddWorkflowDsl(this IServiceCollection services, IConfiguration configuration, Action<WorkflowDslBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(configure);
        var builder = new WorkflowDslBuilder();
        configure(builder);

        services.AddOptions<WorkflowDslOptions>().Bind(configuration.GetSection(WorkflowDslOptions.Section)).ValidateOnStart();
        services.AddSingleton(new SettingsSection(WorkflowDslOptions.Section, typeof(WorkflowDslOptions)));
        services.AddSingleton(new SettingsSection(DeliveryOptions.Section, typeof(DeliveryOptions)));
        services.AddSingleton(new SettingsSection(DispatcherOptions.Section, typeof(DispatcherOptions)));
        // The server's section is read by AddWorkflowDslServer, which registers its type; an application
        // without the server (such as a one-shot job sharing the server's configuration) leaves it unchecked.
        services.AddSingleton(new SettingsSection(WorkflowDslOptions.Section + ":Server", null));
        services.AddSingleton<IValidateOptions<WorkflowDslOptions>>(sp => new OptionsValidator(configuration, sp.GetServices<SettingsSection>()));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<WorkflowDslOptions>>().Value.CreateDatabase());
        services.TryAddSingleton(new WorkflowCatalog(builder.Workflows, builder.Templates, builder.NotGenerated));
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<WorkflowDslOptions>>().Value;
            return new RunEngine(sp.GetRequiredService<WorkflowDatabase>(), sp.GetRequiredService<TimeProvider>(), new RunOptions
            {
                Templates = sp.GetRequiredService<WorkflowCatalog>().Templates,
                PageSize = options.PageSize,
                SafetyMarginEmailPush = options.SafetyMarginEmailPush,
                SafetyMarginSms = options.SafetyMarginSms,
            });
        });
        services.AddWorkflowDispatch(configuration);
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<WorkflowDslOptions>>().Value;
            byte[] key = string.IsNullOrEmpty(options.SigningKey) ? RandomNumberGenerator.GetBytes(32) : Convert.FromBase64String(options.SigningKey);
            return new RunConfirmations(key, sp.GetRequiredService<TimeProvider>(), options.ConfirmationLifetime);
        });
        services.TryAddSingleton<IWorkflowService, WorkflowService>();
        services.AddHostedService<WorkflowDslStartup>();
        return services;
    }

    /// <summary>For applications without a generic host: validates every option (throwing
    /// <see cref="OptionsValidationException"/> naming each bad setting) and migrates the database
    /// when <see cref="DatabaseOptions.MigrateAtStart"/> is set. A host does the same at start.</summary>
    public static async Task<IServiceProvider> StartWorkflowDslAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await WorkflowDslStartup.RunAsync(services, cancellationToken);
        return services;
    }

    private sealed class OptionsValidator(IConfiguration configuration, IEnumerable<SettingsSection> sections) : IValidateOptions<WorkflowDslOptions>
    {
        public ValidateOptionsResult Validate(string? name, WorkflowDslOptions options)
        {
            var problems = SettingNames.Unknown(configuration, WorkflowDslOptions.Section, sections).Concat(options.Validate()).ToList();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }

    private sealed class WorkflowDslStartup(IServiceProvider services) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => RunAsync(services, cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public static async Task RunAsync(IServiceProvider services, CancellationToken cancellationToken)
        {
            var options = services.GetRequiredService<IOptions<WorkflowDslOptions>>().Value;
            services.ValidateWorkflowDispatch();
            if (options.Database.MigrateAtStart)
                await services.GetRequiredService<DispatchDatabase>().EnsureCreatedAsync(cancellationToken);
        }
    }
}

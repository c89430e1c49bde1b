using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using WorkflowDsl.Delivery;
using WorkflowDsl.Delivery.Rendering;
using WorkflowDsl.Delivery.Sending;
using WorkflowDsl.Delivery.Sms;
using WorkflowDsl.Delivery.Tracking;
using WorkflowDsl.Dispatch.Dispatching;
using WorkflowDsl.Dispatch.Storage;
using WorkflowDsl.Dispatch.Tracking;
using WorkflowDsl.Runtime.Storage;

namespace WorkflowDsl.Dispatch.Configuration;

/// <summary>Registers the outbox dispatcher on top of <c>AddWorkflowDelivery</c>.</summary>
public static class DispatchServiceCollectionExtensions
{
    /// <summary>Adds delivery (<see cref="DeliveryServiceCollectionExtensions.AddWorkflowDelivery"/>: the
    /// renderer and one sender per channel — SMTP when <c>Email:Smtp:Host</c> is set, else the pickup
    /// folder; Twilio when <c>Sms:Twilio:AccountSid</c> is set, else the SMS outbox file; FCM when a
    /// service-account key is set, else the push outbox file), then the dispatcher's options (section
    /// <c>WorkflowDsl:Delivery:Dispatch</c>, validated at start-up), <see cref="DispatchDatabase"/>, the
    /// EF-backed <see cref="ITrackingSink"/> and <see cref="ISmsStatusSink"/>, and <see cref="OutboxDispatcher"/>. The application registers a
    /// <see cref="WorkflowDatabase"/> and a <see cref="WorkflowCatalog"/>.</summary>
    public static IServiceCollection AddWorkflowDispatch(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddWorkflowDelivery(configuration);
        services.AddOptions<DispatcherOptions>().Bind(configuration.GetSection(DispatcherOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DispatcherOptions>, DispatcherOptionsValidator>());
        services.TryAddSingleton(sp => new DispatchDatabase(sp.GetRequiredService<WorkflowDatabase>()));
        services.TryAddSingleton<ITrackingSink, EfTrackingSink>();
        services.TryAddSingleton<ISmsStatusSink, EfSmsStatusSink>();
        services.TryAddSingleton(sp => new OutboxDispatcher(
            sp.GetRequiredService<DispatchDatabase>(), sp.GetRequiredService<WorkflowCatalog>(), sp.GetServices<IChannelSender>(),
            sp.GetRequiredService<TemplateRenderer>(), sp.GetRequiredService<IOptions<DispatcherOptions>>().Value,
            sp.GetRequiredService<DeliverySenders>().Tracking, sp.GetRequiredService<TimeProvider>(),
            sp.GetService<Microsoft.Extensions.Logging.ILogger<OutboxDispatcher>>(), sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        return services;
    }

    /// <summary>Validates the delivery and dispatcher options now, for applications without a generic
    /// host (whose start-up would do it).</summary>
    /// <exception cref="OptionsValidationException">A setting is invalid; the failures name each setting and what to do.</exception>
    public static IServiceProvider ValidateWorkflowDispatch(this IServiceProvider services)
    {
        _ = services.GetRequiredService<IOptions<DeliveryOptions>>().Value;
        _ = services.GetRequiredService<IOptions<DispatcherOptions>>().Value;
        return services;
    }

    private sealed class DispatcherOptionsValidator : IValidateOptions<DispatcherOptions>
    {
        public ValidateOptionsResult Validate(string? name, DispatcherOptions options)
        {
            var problems = options.Validate().ToList();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}

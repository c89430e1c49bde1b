using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WorkflowDsl.Delivery.Email;
using WorkflowDsl.Delivery.Push;
using WorkflowDsl.Delivery.Rendering;
using WorkflowDsl.Delivery.Sending;
using WorkflowDsl.Delivery.Sms;
using WorkflowDsl.Delivery.Tracking;
using WorkflowDsl.Dispatch.Dispatching;
using WorkflowDsl.Dispatch.Storage;
using WorkflowDsl.Dispatch.Tracking;
using WorkflowDsl.Runtime.Storage;

namespace WorkflowDsl.Dispatch.Configuration;

/// <summary>Registers delivery: one options object per component (bound from <c>WorkflowDsl:Delivery:*</c>
/// and validated at start-up), the channel senders, the renderer, tracking and the outbox dispatcher.</summary>
public static class DeliveryServiceCollectionExtensions
{
    /// <summary>The root configuration section.</summary>
    public const string Section = "WorkflowDsl:Delivery";

    /// <summary>Adds delivery. Chooses per channel: SMTP when <c>Email:Smtp:Host</c> is set, else the
    /// pickup folder; Twilio when <c>Sms:Twilio:AccountSid</c> is set, else the SMS outbox file; FCM when
    /// <c>Push:Fcm:ServiceAccountFile</c> (or <c>ServiceAccountJson</c>) is set, else the push outbox file.
    /// The application registers a <see cref="WorkflowDatabase"/> and a <see cref="WorkflowCatalog"/>.
    /// Invalid options fail the host's start (or <see cref="ValidateWorkflowDelivery"/>) with every problem named.</summary>
    public static IServiceCollection AddWorkflowDelivery(this IServiceCollection services, IConfiguration configuration)
    {
        Bind<EmailOptions>(services, configuration, Section + ":Email", (o, s) => o.Validate(s));
        Bind<SmsOptions>(services, configuration, Section + ":Sms", (o, s) => o.Validate(s));
        Bind<PushOptions>(services, configuration, Section + ":Push", (o, s) => o.Validate(s));
        Bind<TrackingOptions>(services, configuration, Section + ":Tracking", (o, s) => o.Validate(s));
        Bind<DispatcherOptions>(services, configuration, DispatcherOptions.Section, (o, s) => o.Validate(s));

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<TemplateRenderer>();
        services.TryAddSingleton(sp => new DispatchDatabase(sp.GetRequiredService<WorkflowDatabase>()));
        services.TryAddSingleton<ITrackingSink, EfTrackingSink>();
        services.TryAddSingleton(sp =>
        {
            var tracking = sp.GetRequiredService<IOptions<TrackingOptions>>().Value;
            return new TrackingHolder(tracking.Enabled ? new TrackingLinks(tracking) : null);
        });
        services.TryAddSingleton(sp => sp.GetRequiredService<TrackingHolder>().Links
            ?? throw new InvalidOperationException($"{Section}:Tracking:BaseUrl is not set, so there are no tracking links: set BaseUrl and SigningKey to serve MapWorkflowTracking."));
        services.TryAddSingleton(sp => new EmailComposer(sp.GetRequiredService<IOptions<EmailOptions>>().Value,
            sp.GetRequiredService<TrackingHolder>().Links, sp.GetRequiredService<TimeProvider>()));

        services.AddSingleton<IChannelSender>(sp =>
        {
            var email = sp.GetRequiredService<IOptions<EmailOptions>>().Value;
            var composer = sp.GetRequiredService<EmailComposer>();
            return email.UsesSmtp
                ? new SmtpEmailSender(email, composer, sp.GetService<ILogger<SmtpEmailSender>>())
                : new PickupFolderEmailSender(email, composer);
        });
        services.AddSingleton<IChannelSender>(sp =>
        {
            var sms = sp.GetRequiredService<IOptions<SmsOptions>>().Value;
            return sms.UsesTwilio ? new TwilioSmsSender(sms) : new OutboxSmsSender(sms, sp.GetRequiredService<TimeProvider>());
        });
        services.AddSingleton<IChannelSender>(sp =>
        {
            var push = sp.GetRequiredService<IOptions<PushOptions>>().Value;
            return push.UsesFcm ? new FcmPushSender(push) : new OutboxPushSender(push, sp.GetRequiredService<TimeProvider>());
        });
        services.TryAddSingleton(sp => new OutboxDispatcher(
            sp.GetRequiredService<DispatchDatabase>(), sp.GetRequiredService<WorkflowCatalog>(), sp.GetServices<IChannelSender>(),
            sp.GetRequiredService<TemplateRenderer>(), sp.GetRequiredService<IOptions<DispatcherOptions>>().Value,
            sp.GetRequiredService<TrackingHolder>().Links, sp.GetRequiredService<TimeProvider>()));
        return services;
    }

    /// <summary>Validates every delivery options object now (for applications without a generic host,
    /// whose start-up would do it).</summary>
    /// <exception cref="OptionsValidationException">An option is invalid; the failures name each setting and what to do.</exception>
    public static IServiceProvider ValidateWorkflowDelivery(this IServiceProvider services)
    {
        _ = services.GetRequiredService<IOptions<EmailOptions>>().Value;
        _ = services.GetRequiredService<IOptions<SmsOptions>>().Value;
        _ = services.GetRequiredService<IOptions<PushOptions>>().Value;
        _ = services.GetRequiredService<IOptions<TrackingOptions>>().Value;
        _ = services.GetRequiredService<IOptions<DispatcherOptions>>().Value;
        return services;
    }

    private static void Bind<T>(IServiceCollection services, IConfiguration configuration, string section, Func<T, string, IEnumerable<string>> validate) where T : class
    {
        services.AddOptions<T>()
            .Bind(configuration.GetSection(section))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<T>>(new ProblemsValidator<T>(section, validate));
    }

    private sealed class ProblemsValidator<T>(string section, Func<T, string, IEnumerable<string>> validate) : IValidateOptions<T> where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options)
        {
            var problems = validate(options, section).ToList();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }

    /// <summary>Tracking links, or null when tracking is off (DI cannot hold a null service).</summary>
    internal sealed record TrackingHolder(TrackingLinks? Links);
}

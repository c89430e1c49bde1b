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

namespace WorkflowDsl.Delivery;

/// <summary>Registers delivery in a service collection.</summary>
public static class DeliveryServiceCollectionExtensions
{
    /// <summary>Adds the renderer, the three channel senders (SMTP or pickup folder, Twilio or outbox
    /// file, FCM or outbox file, as configured) and tracking links, with <see cref="DeliveryOptions"/>
    /// bound from <paramref name="configuration"/>'s <c>WorkflowDsl:Delivery</c> section and validated
    /// when the host starts. Resolve <see cref="DeliverySenders"/> or <c>IEnumerable&lt;IChannelSender&gt;</c>.
    /// The tracking endpoints also need an <see cref="ITrackingSink"/>.</summary>
    public static IServiceCollection AddWorkflowDelivery(this IServiceCollection services, IConfiguration? configuration = null, Action<DeliveryOptions>? configure = null)
    {
        var options = services.AddOptions<DeliveryOptions>();
        if (configuration is not null) options.Bind(configuration.GetSection(DeliveryOptions.Section));
        if (configure is not null) options.Configure(configure);
        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DeliveryOptions>, DeliveryOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new TemplateRenderer(sp.GetRequiredService<IOptions<DeliveryOptions>>().Value.Rendering));
        services.TryAddSingleton(sp =>
        {
            var tracking = sp.GetRequiredService<IOptions<DeliveryOptions>>().Value.Tracking;
            return tracking.Enabled
                ? new TrackingLinks(tracking)
                : throw new InvalidOperationException($"{DeliveryOptions.Section}:Tracking:BaseUrl is not set: set it (and SigningKey) to serve tracking links.");
        });
        if (services.Any(d => d.ServiceType == typeof(DeliverySenders))) return services;
        services.AddSingleton<DeliverySenders>();
        services.AddSingleton<IChannelSender>(sp => sp.GetRequiredService<DeliverySenders>().Email);
        services.AddSingleton<IChannelSender>(sp => sp.GetRequiredService<DeliverySenders>().Sms);
        services.AddSingleton<IChannelSender>(sp => sp.GetRequiredService<DeliverySenders>().Push);
        return services;
    }
}

/// <summary>The configured sender of each channel.</summary>
public sealed class DeliverySenders : IAsyncDisposable
{
    /// <summary>Creates the senders from the options.</summary>
    public DeliverySenders(IOptions<DeliveryOptions> options, TimeProvider clock, ILoggerFactory? logs = null)
    {
        var o = options.Value;
        Tracking = o.Tracking.Enabled ? new TrackingLinks(o.Tracking) : null;
        var composer = new EmailComposer(o.Email, Tracking, clock);
        Email = o.Email.UsesSmtp
            ? new SmtpEmailSender(o.Email, composer, logs?.CreateLogger<SmtpEmailSender>())
            : new PickupFolderEmailSender(o.Email, composer);
        Sms = o.Sms.UsesTwilio ? new TwilioSmsSender(o.Sms) : new OutboxSmsSender(o.Sms, clock);
        Push = o.Push.UsesFcm ? new FcmPushSender(o.Push) : new OutboxPushSender(o.Push, clock);
    }

    /// <summary>Email: SMTP, or the pickup folder.</summary>
    public IChannelSender Email { get; }

    /// <summary>SMS: Twilio, or the outbox file.</summary>
    public IChannelSender Sms { get; }

    /// <summary>Push: FCM, or the outbox file.</summary>
    public IChannelSender Push { get; }

    /// <summary>Tracking links, when <see cref="TrackingOptions.BaseUrl"/> is set.</summary>
    public TrackingLinks? Tracking { get; }

    /// <summary>The sender of <paramref name="channel"/> (a single channel).</summary>
    public IChannelSender For(Channel channel) => channel switch
    {
        Channel.Email => Email,
        Channel.Sms => Sms,
        Channel.Push => Push,
        _ => throw new ArgumentOutOfRangeException(nameof(channel), channel, "Give a single channel: Email, Sms or Push."),
    };

    /// <summary>Closes connections.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var sender in new[] { Email, Sms, Push })
        {
            if (sender is IAsyncDisposable a) await a.DisposeAsync().ConfigureAwait(false);
            else if (sender is IDisposable d) d.Dispose();
        }
    }
}

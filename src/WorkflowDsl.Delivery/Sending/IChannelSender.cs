namespace WorkflowDsl.Delivery.Sending;

/// <summary>Sends messages of one channel. Implementations retry transient failures by their channel's
/// <see cref="DeliveryRetryOptions"/>, classify every failure into a <see cref="DeliveryResult"/>, and
/// never throw for a provider failure (only for a message of the wrong kind or cancellation).
/// Thread-safe: the dispatcher calls <see cref="SendAsync"/> concurrently.</summary>
public interface IChannelSender
{
    /// <summary>The channel.</summary>
    Channel Channel { get; }

    /// <summary>Where messages go, for people: "smtp mail.example.com:587 (4 connections)", "pickup folder /srv/outbox/email".</summary>
    string Destination { get; }

    /// <summary>Sends one message.</summary>
    /// <exception cref="ArgumentException">The message is not of this channel's kind.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    Task<DeliveryResult> SendAsync(OutgoingMessage message, CancellationToken cancellationToken = default);

    /// <summary>Sends one message with one provider attempt and no waiting: a transient failure (SMTP 4xx,
    /// HTTP 429/5xx, a dropped connection) comes back at once as <see cref="DeliveryResult.FailedTransient"/>
    /// with the provider's Retry-After, for the caller to reschedule; the channel's back-off and Retry-After
    /// are never slept here. The outbox dispatcher sends this way, so a channel's faults do not hold a
    /// sending slot (docs/delivery-guarantees.md, "Transient failures"). A sender that does not override
    /// it sends with <see cref="SendAsync"/> (retrying in place).</summary>
    /// <exception cref="ArgumentException">The message is not of this channel's kind.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    Task<DeliveryResult> SendOnceAsync(OutgoingMessage message, CancellationToken cancellationToken = default) => SendAsync(message, cancellationToken);
}

/// <summary>Base for senders of one message type.</summary>
/// <typeparam name="TMessage">The message type the channel takes.</typeparam>
public abstract class ChannelSender<TMessage> : IChannelSender where TMessage : OutgoingMessage
{
    /// <inheritdoc/>
    public abstract Channel Channel { get; }

    /// <inheritdoc/>
    public abstract string Destination { get; }

    /// <inheritdoc/>
    public Task<DeliveryResult> SendAsync(OutgoingMessage message, CancellationToken cancellationToken = default) => message switch
    {
        TMessage typed => SendAsync(typed, cancellationToken),
        null => throw new ArgumentNullException(nameof(message)),
        _ => throw new ArgumentException($"The {Channel} sender takes {typeof(TMessage).Name}, not {message.GetType().Name} (message '{message.MessageId}').", nameof(message)),
    };

    /// <summary>Sends one message of this channel.</summary>
    public abstract Task<DeliveryResult> SendAsync(TMessage message, CancellationToken cancellationToken = default);

    /// <inheritdoc/>
    public Task<DeliveryResult> SendOnceAsync(OutgoingMessage message, CancellationToken cancellationToken = default) => message switch
    {
        TMessage typed => SendOnceAsync(typed, cancellationToken),
        null => throw new ArgumentNullException(nameof(message)),
        _ => throw new ArgumentException($"The {Channel} sender takes {typeof(TMessage).Name}, not {message.GetType().Name} (message '{message.MessageId}').", nameof(message)),
    };

    /// <summary>Sends one message of this channel with one provider attempt and no waiting (see
    /// <see cref="IChannelSender.SendOnceAsync"/>). By default the same as <see cref="SendAsync(TMessage, CancellationToken)"/>,
    /// which suits senders that never wait (files).</summary>
    public virtual Task<DeliveryResult> SendOnceAsync(TMessage message, CancellationToken cancellationToken = default) => SendAsync(message, cancellationToken);
}

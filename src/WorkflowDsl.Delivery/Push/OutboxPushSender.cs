using WorkflowDsl.Delivery.Outbox;
using WorkflowDsl.Delivery.Sending;

namespace WorkflowDsl.Delivery.Push;

/// <summary>Appends each push notification as a JSON line to <see cref="PushOptions.OutboxFile"/>: the
/// embedded default when no provider is configured, so the main job works offline.</summary>
public sealed class OutboxPushSender : ChannelSender<PushMessage>
{
    private readonly JsonLinesFile _file;
    private readonly TimeProvider _clock;

    /// <summary>Creates the sender.</summary>
    public OutboxPushSender(PushOptions options, TimeProvider? clock = null)
    {
        _file = new JsonLinesFile(options.OutboxFile);
        _clock = clock ?? TimeProvider.System;
    }

    /// <inheritdoc/>
    public override Channel Channel => Channel.Push;

    /// <inheritdoc/>
    public override string Destination => $"outbox file {_file.Path}";

    /// <inheritdoc/>
    public override async Task<DeliveryResult> SendAsync(PushMessage message, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(message.DeviceToken)) return new DeliveryResult.Skipped("The user has no push device token.");
        await _file.AppendAsync(new
        {
            channel = "push", messageId = message.MessageId, userId = message.UserId, token = message.DeviceToken,
            title = message.Title, body = message.Body, data = message.Data, at = _clock.GetUtcNow(),
        }, cancellationToken).ConfigureAwait(false);
        return new DeliveryResult.Sent($"outbox:{message.MessageId}");
    }
}

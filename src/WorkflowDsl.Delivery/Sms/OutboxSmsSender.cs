using WorkflowDsl.Delivery.Outbox;
using WorkflowDsl.Delivery.Sending;
using WorkflowDsl.Rules;

namespace WorkflowDsl.Delivery.Sms;

/// <summary>Appends each SMS as a JSON line to <see cref="SmsOptions.OutboxFile"/>: the embedded default
/// when no provider is configured, so the main job works offline.</summary>
public sealed class OutboxSmsSender : ChannelSender<SmsMessage>
{
    private readonly JsonLinesFile _file;
    private readonly TimeProvider _clock;

    /// <summary>Creates the sender.</summary>
    public OutboxSmsSender(SmsOptions options, TimeProvider? clock = null)
    {
        _file = new JsonLinesFile(options.OutboxFile);
        _clock = clock ?? TimeProvider.System;
    }

    /// <inheritdoc/>
    public override Channel Channel => Channel.Sms;

    /// <inheritdoc/>
    public override string Destination => $"outbox file {_file.Path}";

    /// <inheritdoc/>
    public override async Task<DeliveryResult> SendAsync(SmsMessage message, CancellationToken cancellationToken = default)
    {
        if (!SmsNumbers.IsE164(message.To))
            return new DeliveryResult.InvalidAddress($"'{message.To}' is not an E.164 phone number (+ country code and number).");
        var measure = SmsSegments.Measure(message.Body);
        await _file.AppendAsync(new
        {
            channel = "sms", messageId = message.MessageId, userId = message.UserId, to = message.To, body = message.Body,
            segments = measure.Segments, unicode = measure.Unicode, at = _clock.GetUtcNow(),
        }, cancellationToken).ConfigureAwait(false);
        return new DeliveryResult.Sent($"outbox:{message.MessageId}");
    }
}

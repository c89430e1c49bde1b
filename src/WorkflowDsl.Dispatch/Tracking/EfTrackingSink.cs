using System.Globalization;
using Microsoft.EntityFrameworkCore;
using WorkflowDsl.Delivery.Tracking;
using WorkflowDsl.Dispatch.Storage;
using WorkflowDsl.Runtime.Storage;

namespace WorkflowDsl.Dispatch.Tracking;

/// <summary>Stores opens, clicks and unsubscribes in the workflow database. An unsubscribe also records
/// an opt-out of every channel (idempotently), so the dispatcher skips the user in every workflow from
/// then on. Events for a message id that is not an outbox row id are ignored (tokens are signed, so this
/// only happens with links of another database).</summary>
public sealed class EfTrackingSink(DispatchDatabase database) : ITrackingSink
{
    /// <inheritdoc/>
    public async Task RecordAsync(TrackingEvent trackingEvent, CancellationToken cancellationToken)
    {
        if (!long.TryParse(trackingEvent.MessageId, NumberStyles.None, CultureInfo.InvariantCulture, out long messageId)) return;
        await using var db = database.CreateContext();
        var at = trackingEvent.At.UtcDateTime;
        string? agent = trackingEvent.UserAgent is { Length: > 400 } longAgent ? longAgent[..400] : trackingEvent.UserAgent;
        db.Tracking.Add(new TrackingRecord
        {
            Kind = trackingEvent.Kind, OutboxMessageId = messageId, UserId = trackingEvent.UserId,
            Url = trackingEvent.Url is { Length: > 2000 } url ? url[..2000] : trackingEvent.Url,
            At = at, UserAgent = agent,
        });
        if (trackingEvent.Kind == TrackingKind.Unsubscribe)
        {
            string user = trackingEvent.UserId;
            if (!await db.OptOuts.AnyAsync(o => o.UserId == user && o.Channel == Channel.None, cancellationToken))
                db.OptOuts.Add(new OptOut { UserId = user, Channel = Channel.None, Source = "unsubscribe-link", OutboxMessageId = messageId, At = at });
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException) when (trackingEvent.Kind == TrackingKind.Unsubscribe)
        {
            // Either a concurrent POST of the same unsubscribe inserted the opt-out first (then record the
            // event alone), or the write failed for another reason, such as a busy database (then nothing
            // was written and the caller decides: the endpoint retries and otherwise says so).
            db.ChangeTracker.Clear();
            string user = trackingEvent.UserId;
            if (!await db.OptOuts.AnyAsync(o => o.UserId == user && o.Channel == Channel.None, cancellationToken)) throw;
            db.Tracking.Add(new TrackingRecord { Kind = trackingEvent.Kind, OutboxMessageId = messageId, UserId = trackingEvent.UserId, At = at, UserAgent = agent });
            await db.SaveChangesAsync(cancellationToken);
        }
    }
}

namespace WorkflowDsl.Delivery.Tracking;

/// <summary>One open, click or unsubscribe, as the tracking endpoints saw it.</summary>
/// <param name="Kind">Open, click or unsubscribe.</param>
/// <param name="MessageId">The message.</param>
/// <param name="UserId">The recipient.</param>
/// <param name="Url">Clicks: the target followed.</param>
/// <param name="At">When (from the host's <see cref="TimeProvider"/>).</param>
/// <param name="UserAgent">The client's User-Agent, if any (link scanners and Apple Mail Privacy Protection inflate counts).</param>
public sealed record TrackingEvent(TrackingKind Kind, string MessageId, string UserId, string? Url, DateTimeOffset At, string? UserAgent);

/// <summary>Stores tracking events; the run engine's storage implements it. Unsubscribes must be recorded
/// idempotently: the same token may be posted many times.</summary>
public interface ITrackingSink
{
    /// <summary>Records one event.</summary>
    Task RecordAsync(TrackingEvent trackingEvent, CancellationToken cancellationToken);
}

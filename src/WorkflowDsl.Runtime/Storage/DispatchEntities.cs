using WorkflowDsl.Delivery.Tracking;

namespace WorkflowDsl.Runtime.Storage;

// The outbox dispatcher's tables (src/WorkflowDsl.Dispatch uses them). They are part of the one storage
// model (WorkflowDbContext) so that one migration set per provider creates every table.

/// <summary>The state of one delivery attempt of one channel of one outbox message.</summary>
public enum AttemptState
{
    /// <summary>Claimed and committed before the hand-off to the provider; no outcome recorded yet.
    /// After a crash, an in-flight attempt older than the claim timeout is sent again (at-least-once).</summary>
    InFlight = 0,
    /// <summary>The provider accepted the message.</summary>
    Sent = 1,
    /// <summary>A temporary failure outlasted the sender's retries; a later pass tries again.</summary>
    FailedTransient = 2,
    /// <summary>The provider refused the message for good.</summary>
    FailedPermanent = 3,
    /// <summary>Not sent on purpose (unsubscribed, opted out, template problem, ...).</summary>
    Skipped = 4,
    /// <summary>The dispatcher stopped after the claim and before recording an outcome; the claim timed
    /// out and a later attempt sent the message again (the provider may have got it twice).</summary>
    OutcomeUnknown = 5,
}

/// <summary>One delivery attempt: the dispatcher's claim on one channel of one outbox message. Unique per
/// (message, channel, attempt number), so two dispatchers cannot claim the same attempt.</summary>
public class DispatchAttempt
{
    /// <summary>Row id.</summary>
    public long Id { get; set; }
    /// <summary>The outbox message.</summary>
    public long OutboxMessageId { get; set; }
    /// <summary>One channel.</summary>
    public Channel Channel { get; set; }
    /// <summary>1 for the first attempt, then 2, 3, ...</summary>
    public int AttemptNumber { get; set; }
    /// <summary>What happened.</summary>
    public AttemptState State { get; set; }
    /// <summary>The provider's id of the sent message (SMTP Message-Id, Twilio SID, FCM name, outbox file).</summary>
    public string? ProviderId { get; set; }
    /// <summary>Why (failures and skips).</summary>
    public string Reason { get; set; } = "";
    /// <summary>When the attempt was claimed (UTC).</summary>
    public DateTime ClaimedAt { get; set; }
    /// <summary>When its outcome was recorded (UTC), or null while in flight.</summary>
    public DateTime? FinishedAt { get; set; }
    /// <summary>Transient failures: not before this time (UTC) for the next attempt.</summary>
    public DateTime? RetryNotBefore { get; set; }
}

/// <summary>An outbox message every channel of which has a final result: later passes do not read it again.</summary>
public class DispatchedMessage
{
    /// <summary>The outbox message.</summary>
    public long OutboxMessageId { get; set; }
    /// <summary>When its last channel got its final result (UTC).</summary>
    public DateTime At { get; set; }
}

/// <summary>A user who asked not to receive messages: on every channel (<see cref="Channel.None"/>, the
/// unsubscribe link) or on one (SMS opt-out reported by Twilio 21610).</summary>
public class OptOut
{
    /// <summary>The user.</summary>
    public string UserId { get; set; } = "";
    /// <summary><see cref="Channel.None"/> for every channel, else the one channel.</summary>
    public Channel Channel { get; set; }
    /// <summary>Where it came from: "unsubscribe-link", "twilio-21610", ...</summary>
    public string Source { get; set; } = "";
    /// <summary>The message that carried it, if any.</summary>
    public long? OutboxMessageId { get; set; }
    /// <summary>When (UTC).</summary>
    public DateTime At { get; set; }
}

/// <summary>One open, click or unsubscribe recorded by the tracking endpoints.</summary>
public class TrackingRecord
{
    /// <summary>Row id.</summary>
    public long Id { get; set; }
    /// <summary>Open, click or unsubscribe.</summary>
    public TrackingKind Kind { get; set; }
    /// <summary>The outbox message.</summary>
    public long OutboxMessageId { get; set; }
    /// <summary>The user the message went to.</summary>
    public string UserId { get; set; } = "";
    /// <summary>Clicks: the link followed.</summary>
    public string? Url { get; set; }
    /// <summary>When (UTC).</summary>
    public DateTime At { get; set; }
    /// <summary>The client's User-Agent, if any.</summary>
    public string? UserAgent { get; set; }
}

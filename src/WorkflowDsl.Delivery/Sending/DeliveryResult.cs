namespace WorkflowDsl.Delivery.Sending;

/// <summary>What happened to one message. Every result but <see cref="FailedTransient"/> is final: the
/// dispatcher records it and never sends the message again.</summary>
public abstract record DeliveryResult
{
    private DeliveryResult() { }

    /// <summary>The provider's code for a failure, for logs and metrics: the SMTP reply code ("451"), the
    /// Twilio error code ("20429"), the FCM HTTP status and error code ("429 QUOTA_EXCEEDED"), or
    /// "connection" when no answer came; null when the sender did not say (sent, or not from a provider).</summary>
    public string? ProviderCode { get; init; }

    /// <summary>True unless the result is <see cref="FailedTransient"/>.</summary>
    public bool IsFinal => this is not FailedTransient;

    /// <summary>The provider accepted the message.</summary>
    /// <param name="ProviderId">The provider's id: SMTP Message-Id, Twilio message SID, FCM message name, or the outbox file.</param>
    public sealed record Sent(string ProviderId) : DeliveryResult
    {
        /// <summary>Email only: recipients the server refused while it accepted the others, with its reply.</summary>
        public IReadOnlyList<string> RefusedRecipients { get; init; } = [];
    }

    /// <summary>The provider refused the message for good; do not retry.</summary>
    /// <param name="Reason">The provider's reason.</param>
    public sealed record FailedPermanent(string Reason) : DeliveryResult;

    /// <summary>A temporary failure that outlasted the retries; the message may be sent again later.</summary>
    /// <param name="Reason">The last failure.</param>
    /// <param name="RetryAfter">How long the provider asked to wait, if it said.</param>
    public sealed record FailedTransient(string Reason, TimeSpan? RetryAfter = null) : DeliveryResult;

    /// <summary>Not sent, on purpose (no contact data, opted out before sending, ...).</summary>
    /// <param name="Reason">Why.</param>
    public sealed record Skipped(string Reason) : DeliveryResult;

    /// <summary>The address or phone number is invalid (email 5xx on the recipient, Twilio 21211 / 21614).</summary>
    /// <param name="Reason">The provider's reason.</param>
    public sealed record InvalidAddress(string Reason) : DeliveryResult;

    /// <summary>The recipient opted out at the provider (Twilio 21610): mark the user opted out of the channel.</summary>
    /// <param name="Reason">The provider's reason.</param>
    public sealed record OptedOut(string Reason) : DeliveryResult;

    /// <summary>The push device token is no longer registered (FCM UNREGISTERED): delete the token.</summary>
    /// <param name="Reason">The provider's reason.</param>
    public sealed record TokenUnregistered(string Reason) : DeliveryResult;
}

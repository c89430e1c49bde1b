using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace WorkflowDsl.Dispatch.Dispatching;

/// <summary>The dispatcher's log messages (source-generated, structured; docs/delivery.md, "Logs and
/// metrics"). Levels: a transient failure is a Warning (it will be retried; many of them mean a provider is
/// throttling), a failure for good is an Error (a person does not get a message), a claim taken over after
/// the claim timeout is a Warning, a pass's summary is Information. Logged: outbox message id, channel,
/// recipient's user id, attempt number, provider code, next attempt time and the provider's reason with
/// email addresses and phone numbers masked. Never logged: message bodies, subjects, addresses, phone
/// numbers, device tokens, credentials.</summary>
internal static partial class DispatchLog
{
    [LoggerMessage(EventId = 3101, EventName = "DispatchFailedTransient", Level = LogLevel.Warning,
        Message = "Outbox message {OutboxMessageId} ({Channel}, user {RecipientId}) failed for now on attempt {Attempt}, provider code {ProviderCode}: {Reason}. Next attempt not before {NextAttemptAt:O}.")]
    public static partial void FailedTransient(ILogger logger, long outboxMessageId, Channel channel, string recipientId, int attempt, string providerCode, string reason, DateTime nextAttemptAt);

    [LoggerMessage(EventId = 3102, EventName = "DispatchFailedPermanent", Level = LogLevel.Error,
        Message = "Outbox message {OutboxMessageId} ({Channel}, user {RecipientId}) failed for good on attempt {Attempt}, provider code {ProviderCode}: {Reason}. It is not sent again.")]
    public static partial void FailedPermanent(ILogger logger, long outboxMessageId, Channel channel, string recipientId, int attempt, string providerCode, string reason);

    [LoggerMessage(EventId = 3103, EventName = "DispatchClaimTakenOver", Level = LogLevel.Warning,
        Message = "Outbox message {OutboxMessageId} ({Channel}): attempt {AbandonedAttempt}, claimed at {ClaimedAt:O}, has no outcome after the claim timeout ({ClaimTimeout}); its dispatcher stopped. Sent again as attempt {Attempt}.")]
    public static partial void ClaimTakenOver(ILogger logger, long outboxMessageId, Channel channel, int abandonedAttempt, DateTime claimedAt, TimeSpan claimTimeout, int attempt);

    [LoggerMessage(EventId = 3104, EventName = "DispatchProblem", Level = LogLevel.Warning,
        Message = "Dispatch problem: {Problem}")]
    public static partial void Problem(ILogger logger, string problem);

    [LoggerMessage(EventId = 3100, EventName = "DispatchPass", Level = LogLevel.Information,
        Message = "Dispatch pass: {MessagesRead} outbox rows in {ElapsedMs} ms; sent {Sent}, failed {Failed}, failed for now {FailedTransient}, skipped {Skipped}, deferred {Deferred}. {Pending}")]
    public static partial void Pass(ILogger logger, int messagesRead, long elapsedMs, int sent, int failed, int failedTransient, int skipped, int deferred, string pending);

    private static readonly Regex Addresses = new(@"[^\s<>""'(),;:@]+@[^\s<>""'(),;:@]+|\+?\d[\d ]{6,}\d", RegexOptions.Compiled | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    /// <summary>The provider's reason for a log line: the message's own device tokens (<paramref name="known"/>),
    /// email addresses and phone numbers masked, at most 300 characters.</summary>
    public static string Mask(string reason, IEnumerable<string>? known = null)
    {
        foreach (var value in known ?? [])
            if (value.Length >= 4) reason = reason.Replace(value, "<token>", StringComparison.Ordinal);
        string masked = Addresses.Replace(reason, m => m.Value.Contains('@') ? "<address>" : "<number>");
        return masked.Length <= 300 ? masked : masked[..297] + "...";
    }
}

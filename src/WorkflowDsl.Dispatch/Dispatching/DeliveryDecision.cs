using WorkflowDsl.Dispatch.Storage;
using WorkflowDsl.Runtime.Storage;
using Sent = WorkflowDsl.Delivery.Sending.DeliveryResult;

namespace WorkflowDsl.Dispatch.Dispatching;

/// <summary>What to do with one channel of one outbox message before a hand-off
/// (<see cref="DeliveryDecision.BeforeSend"/>).</summary>
internal abstract record NextDelivery
{
    private NextDelivery() { }

    /// <summary>The channel gets a final result now, without a provider call (an earlier attempt's
    /// outcome, or the recipient opted out).</summary>
    /// <param name="Status">Delivered, Failed or Skipped.</param>
    /// <param name="Reason">The result's reason.</param>
    public sealed record Final(DeliveryStatus Status, string Reason) : NextDelivery;

    /// <summary>Not now: a claim is live (its dispatcher may still be working; if it died, the claim
    /// expires at <paramref name="Until"/> and the next pass after that sends again), or a transient
    /// failure's retry time (<paramref name="Until"/>) has not come.</summary>
    /// <param name="Reason">Why: <see cref="PendingReason.Claimed"/> or <see cref="PendingReason.RetryLater"/>.</param>
    /// <param name="Until">The earliest time a pass sends it (UTC).</param>
    public sealed record Wait(PendingReason Reason, DateTime Until) : NextDelivery;

    /// <summary>Claim and send.</summary>
    /// <param name="AttemptNumber">The new attempt's number (the last one's + 1).</param>
    /// <param name="TransientBefore">Transient failures recorded before this attempt.</param>
    /// <param name="Abandoned">The last attempt when it is a claim that outlived the claim timeout (it
    /// becomes OutcomeUnknown), else null.</param>
    public sealed record Send(int AttemptNumber, int TransientBefore, DispatchAttempt? Abandoned) : NextDelivery;
}

/// <summary>What a provider's answer to one attempt means (<see cref="DeliveryDecision.AfterSend"/>).</summary>
/// <param name="State">The attempt's state.</param>
/// <param name="AttemptReason">The attempt's reason ("" when none).</param>
/// <param name="ProviderId">The provider's id of the sent message, or null.</param>
/// <param name="RetryNotBefore">For a transient failure: not before this time (UTC) for the next attempt.</param>
/// <param name="FinalStatus">The channel's final result, or null when it is tried again later.</param>
/// <param name="FinalReason">The final result's reason ("" when none).</param>
/// <param name="OptOut">The recipient opted out of the channel at the provider: record the opt-out.</param>
internal sealed record DeliveryOutcome(AttemptState State, string AttemptReason, string? ProviderId, DateTime? RetryNotBefore,
    DeliveryStatus? FinalStatus, string FinalReason, bool OptOut);

/// <summary>The delivery decision, free of I/O (as <c>StepMachine</c> is for steps): given one channel of
/// an outbox message, its attempts so far, the recipient's opt-outs and the time, what happens next; and
/// given the provider's answer (<see cref="Sent"/>), what is recorded: sent, retry at a time, failed for
/// good, skipped, opted out. The rules are those of docs/delivery-guarantees.md; the dispatcher does the
/// reading, rendering, claiming, sending and recording.</summary>
internal static class DeliveryDecision
{
    /// <summary>What to do with a channel that has no final result row yet, in this order: an attempt
    /// recorded as Sent / FailedPermanent / Skipped gives its final result again (a result row removed by
    /// hand); a live claim (younger than the claim timeout) waits until the claim expires, a transient
    /// failure until its retry time; an unsubscribed recipient (every channel) or one opted out of the channel is skipped;
    /// otherwise the next attempt is sent (taking over an abandoned claim).</summary>
    /// <param name="history">The channel's attempts, in attempt-number order.</param>
    /// <param name="unsubscribed">The recipient's opt-out of every channel (the unsubscribe link), or null.</param>
    /// <param name="channelOptOut">The recipient's opt-out of this channel, or null.</param>
    /// <param name="channel">The channel.</param>
    /// <param name="recipientId">The recipient's user id.</param>
    /// <param name="now">The pass's time (UTC).</param>
    /// <param name="claimTimeout">How long a claim without an outcome is live.</param>
    public static NextDelivery BeforeSend(IReadOnlyList<DispatchAttempt> history, OptOut? unsubscribed, OptOut? channelOptOut,
        Channel channel, string recipientId, DateTime now, TimeSpan claimTimeout)
    {
        var last = history.Count > 0 ? history[^1] : null;
        switch (last?.State)
        {
            case AttemptState.Sent:
                return new NextDelivery.Final(DeliveryStatus.Delivered, $"sent: {last.ProviderId}");
            case AttemptState.Skipped:
                return new NextDelivery.Final(DeliveryStatus.Skipped, last.Reason);
            case AttemptState.FailedPermanent:
                return new NextDelivery.Final(DeliveryStatus.Failed, last.Reason);
            case AttemptState.InFlight when now - last.ClaimedAt < claimTimeout:
                return new NextDelivery.Wait(PendingReason.Claimed, last.ClaimedAt + claimTimeout);
            case AttemptState.FailedTransient when last.RetryNotBefore is { } notBefore && notBefore > now:
                return new NextDelivery.Wait(PendingReason.RetryLater, notBefore);
        }
        if (unsubscribed is not null)
            return new NextDelivery.Final(DeliveryStatus.Skipped, $"unsubscribed: user '{recipientId}' used the unsubscribe link on {unsubscribed.At:yyyy-MM-dd}; they get no messages from any workflow");
        if (channelOptOut is not null)
            return new NextDelivery.Final(DeliveryStatus.Skipped, $"opted out of {channel} ({channelOptOut.Source}, {channelOptOut.At:yyyy-MM-dd})");
        int transient = history.Count(a => a.State == AttemptState.FailedTransient);
        return new NextDelivery.Send((last?.AttemptNumber ?? 0) + 1, transient, last is { State: AttemptState.InFlight } ? last : null);
    }

    /// <summary>What the provider's answer to an attempt means. Every answer but a transient failure is
    /// final. A transient failure is tried again no sooner than <paramref name="retryDelay"/> (or the
    /// provider's Retry-After when longer); the <paramref name="maxTransientAttempts"/>-th transient failure
    /// is final (Failed). An opt-out at the provider is a Skipped result and an opt-out to record; an
    /// unregistered device token or an invalid address is a Failed result.</summary>
    /// <param name="result">The provider's answer.</param>
    /// <param name="channel">The channel.</param>
    /// <param name="transientBefore">Transient failures recorded before this attempt.</param>
    /// <param name="now">When the answer is recorded (UTC).</param>
    /// <param name="retryDelay">Least wait before a transient failure is tried again.</param>
    /// <param name="maxTransientAttempts">Transient failures after which the channel fails for good.</param>
    public static DeliveryOutcome AfterSend(Sent result, Channel channel, int transientBefore, DateTime now, TimeSpan retryDelay, int maxTransientAttempts) =>
        result switch
        {
            Sent.Sent sent => new(AttemptState.Sent,
                sent.RefusedRecipients.Count > 0 ? "refused: " + string.Join("; ", sent.RefusedRecipients) : "", sent.ProviderId, null,
                DeliveryStatus.Delivered, $"sent: {sent.ProviderId}", false),
            Sent.FailedTransient t => Transient(t, transientBefore + 1, now, retryDelay, maxTransientAttempts),
            Sent.Skipped s => new(AttemptState.Skipped, s.Reason, null, null, DeliveryStatus.Skipped, s.Reason, false),
            Sent.OptedOut o => new(AttemptState.Skipped, o.Reason, null, null, DeliveryStatus.Skipped, $"opted out of {channel} at the provider: {o.Reason}", true),
            Sent.TokenUnregistered u => new(AttemptState.FailedPermanent, u.Reason, null, null, DeliveryStatus.Failed, $"device token unregistered (deleted): {u.Reason}", false),
            Sent.InvalidAddress i => new(AttemptState.FailedPermanent, i.Reason, null, null, DeliveryStatus.Failed, $"invalid address: {i.Reason}", false),
            Sent.FailedPermanent p => new(AttemptState.FailedPermanent, p.Reason, null, null, DeliveryStatus.Failed, p.Reason, false),
            _ => throw new InvalidOperationException($"Unknown delivery result {result.GetType().Name}."),
        };

    private static DeliveryOutcome Transient(Sent.FailedTransient t, int failures, DateTime now, TimeSpan retryDelay, int maxTransientAttempts)
    {
        var wait = t.RetryAfter is { } after && after > retryDelay ? after : retryDelay;
        return failures >= maxTransientAttempts
            ? new(AttemptState.FailedTransient, t.Reason, null, now + wait, DeliveryStatus.Failed, $"failed-transient {failures} times (the limit): {t.Reason}", false)
            : new(AttemptState.FailedTransient, t.Reason, null, now + wait, null, "", false);
    }

    /// <summary>One answer for a message sent as several (push to each of the user's devices): Sent when
    /// one device got it (the provider ids joined); else the first transient failure (try again); else
    /// TokenUnregistered when every token is unregistered; else the first other answer.</summary>
    /// <param name="results">The answers, one per device, at least one.</param>
    public static Sent Combine(IReadOnlyList<Sent> results)
    {
        if (results.Count == 1) return results[0];
        var sent = results.OfType<Sent.Sent>().ToList();
        if (sent.Count > 0) return new Sent.Sent(string.Join(" ", sent.Select(s => s.ProviderId)));
        if (results.FirstOrDefault(r => r is Sent.FailedTransient) is { } transient) return transient;
        if (results.All(r => r is Sent.TokenUnregistered)) return new Sent.TokenUnregistered($"all {results.Count} device tokens are unregistered");
        return results.First(r => r is not Sent.TokenUnregistered);
    }
}

using System.Globalization;

namespace WorkflowDsl.Dispatch.Dispatching;

/// <summary>What one pass did on one channel.</summary>
/// <param name="Channel">The channel.</param>
/// <param name="Destination">Where the channel's messages went (the sender's description), or "" without a sender.</param>
/// <param name="Sent">Messages the provider accepted.</param>
/// <param name="Failed">Messages recorded as failed for good (permanent refusals, invalid addresses, transient failures past the limit).</param>
/// <param name="FailedTransient">Messages that failed for now and will be retried by a later pass.</param>
/// <param name="Skipped">Messages not sent on purpose (unsubscribed, opted out, contact data gone).</param>
/// <param name="Deferred">Messages left for a later pass without an attempt (claimed by another dispatcher, waiting for a retry time, no sender or plan).</param>
public sealed record ChannelDispatchCount(Channel Channel, string Destination, int Sent, int Failed, int FailedTransient, int Skipped, int Deferred);

/// <summary>Why a message has no final result on a channel after a pass.</summary>
public enum PendingReason
{
    /// <summary>Claimed by a dispatcher that has not recorded an outcome yet: another dispatcher at work,
    /// or one that died. The claim expires after <see cref="DispatcherOptions.ClaimTimeout"/>; the first
    /// pass after that sends the message again.</summary>
    Claimed = 0,
    /// <summary>The last attempt failed for now (or, in this pass, just failed); a pass at or after the
    /// next attempt time tries again.</summary>
    RetryLater = 1,
    /// <summary>Another dispatcher claimed the same attempt a moment earlier; it sends it.</summary>
    ClaimedByAnother = 2,
    /// <summary>The dispatcher cannot send it as configured (no sender for the channel, workflow or
    /// template not in the catalog): see <see cref="DispatchReport.Problems"/>.</summary>
    NotConfigured = 3,
}

/// <summary>Messages of one channel left without a final result for one reason.</summary>
/// <param name="Channel">The channel.</param>
/// <param name="Reason">Why.</param>
/// <param name="Count">How many messages.</param>
/// <param name="NextAttemptAt">The earliest time a pass sends one of them again (UTC): the claim's expiry or the retry time; null when it depends on a fix.</param>
public sealed record PendingCount(Channel Channel, PendingReason Reason, int Count, DateTime? NextAttemptAt)
{
    /// <summary>For people: "3 push messages retry after a transient failure, next attempt from 2026-01-05 08:01:00Z".</summary>
    public override string ToString()
    {
        string what = Reason switch
        {
            PendingReason.Claimed => "are claimed by a dispatcher without a recorded outcome (if it stopped, they are sent again once the claim expires",
            PendingReason.RetryLater => "wait to be retried after a transient failure (next attempt",
            PendingReason.ClaimedByAnother => "were claimed by another dispatcher in the same moment (it sends them",
            _ => "cannot be sent as configured (see the problems above",
        };
        string at = NextAttemptAt is { } t ? ", from " + t.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "";
        return $"{Count} {Channel.ToString().ToLowerInvariant()} message{(Count == 1 ? "" : "s")} {what}{at})";
    }
}

/// <summary>What one dispatcher pass did.</summary>
/// <param name="MessagesRead">Outbox rows the pass looked at.</param>
/// <param name="Channels">Counts per channel (email, push, SMS).</param>
/// <param name="Problems">Things an operator must fix (missing sender, unknown workflow or template), each once.</param>
/// <param name="Elapsed">How long the pass took.</param>
public sealed record DispatchReport(int MessagesRead, IReadOnlyList<ChannelDispatchCount> Channels, IReadOnlyList<string> Problems, TimeSpan Elapsed)
{
    /// <summary>Messages the providers accepted in this pass, all channels.</summary>
    public int Sent => Channels.Sum(c => c.Sent);

    /// <summary>The messages (per channel) this pass left without a final result, grouped by why, with
    /// the earliest time a later pass sends them.</summary>
    public IReadOnlyList<PendingCount> Pending { get; init; } = [];

    /// <summary>Messages (channels of outbox rows) this pass left without a final result.</summary>
    public int Unfinished => Pending.Sum(p => p.Count);

    /// <summary>One line for people: "no message is left without a final result", or how many are left and why.</summary>
    public string DescribePending() => Unfinished == 0
        ? "no message is left without a final result"
        : $"{Unfinished} message{(Unfinished == 1 ? " is" : "s are")} left without a final result: {string.Join("; ", Pending)}";

    /// <summary>The counts of one channel.</summary>
    public ChannelDispatchCount For(Channel channel) => Channels.First(c => c.Channel == channel);
}

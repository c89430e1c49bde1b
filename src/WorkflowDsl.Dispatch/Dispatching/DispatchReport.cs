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

/// <summary>What one dispatcher pass did.</summary>
/// <param name="MessagesRead">Outbox rows the pass looked at.</param>
/// <param name="Channels">Counts per channel (email, push, SMS).</param>
/// <param name="Problems">Things an operator must fix (missing sender, unknown workflow or template), each once.</param>
/// <param name="Elapsed">How long the pass took.</param>
public sealed record DispatchReport(int MessagesRead, IReadOnlyList<ChannelDispatchCount> Channels, IReadOnlyList<string> Problems, TimeSpan Elapsed)
{
    /// <summary>Messages the providers accepted in this pass, all channels.</summary>
    public int Sent => Channels.Sum(c => c.Sent);

    /// <summary>The counts of one channel.</summary>
    public ChannelDispatchCount For(Channel channel) => Channels.First(c => c.Channel == channel);
}

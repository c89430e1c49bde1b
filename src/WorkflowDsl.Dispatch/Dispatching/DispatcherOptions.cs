using WorkflowDsl.Delivery.Sending;

namespace WorkflowDsl.Dispatch.Dispatching;

/// <summary>Where a dispatcher pass is, for tests that stop it at a chosen moment (see <see cref="DispatcherOptions.OnPoint"/>).</summary>
public enum DispatchPoint
{
    /// <summary>A batch's attempts are claimed and committed; nothing of the batch was handed to a provider yet.</summary>
    AfterClaim = 0,
    /// <summary>The provider answered one message (the message is given); its result is not recorded yet.</summary>
    AfterSend = 1,
    /// <summary>A batch's results are committed.</summary>
    AfterRecord = 2,
    /// <summary>A handed-off batch's outcomes are about to be recorded; none of them is committed yet
    /// (the next batch may be being handed off at the same time).</summary>
    BeforeRecord = 3,
}

/// <summary>The outbox dispatcher's options (section <c>WorkflowDsl:Delivery:Dispatch</c>).</summary>
public sealed class DispatcherOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "WorkflowDsl:Delivery:Dispatch";

    /// <summary>Outbox rows read, claimed and recorded together. 1 to 10,000; default 200. Batches are
    /// pipelined (batch N+1 is claimed and batch N−1 recorded while batch N is handed off), so after a
    /// crash at most two batches' handed-off messages may be sent again (docs/delivery-guarantees.md).</summary>
    public int BatchSize { get; set; } = 200;

    /// <summary>Messages handed to one channel's sender at the same time; each channel has its own slots,
    /// so a slow or failing channel never holds another's (give the SMTP sender as many connections). 1 to
    /// 256; default 8.</summary>
    public int MaxParallelSends { get; set; } = 8;

    /// <summary>How long a claimed attempt without an outcome belongs to the dispatcher that claimed it.
    /// After that it is taken as abandoned (that dispatcher crashed) and the message is sent again. A claim
    /// lives from the claim of its batch, through the hand-off of the batch before it and its own, to its
    /// record: keep it longer than the two slowest batches together; default 10 minutes.</summary>
    public TimeSpan ClaimTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Passes that may end in a transient failure before the message is recorded as failed. 1 to 100; default 5.</summary>
    public int MaxTransientAttempts { get; set; } = 5;

    /// <summary>Least wait before a pass retries a transient failure (the provider's Retry-After wins when longer). Default 1 minute.</summary>
    public TimeSpan TransientRetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Upper bound of batches in one pass, so a pass always ends. Default 100,000.</summary>
    public int MaxBatchesPerPass { get; set; } = 100_000;

    /// <summary>Test hook called at each <see cref="DispatchPoint"/>; an exception thrown here stops the
    /// pass as a crash would (nothing more is recorded). Null in production.</summary>
    public Func<DispatchPoint, OutgoingMessage?, Task>? OnPoint { get; set; }

    /// <summary>Problems with the values, each naming the setting and what to do; empty when valid.</summary>
    public IEnumerable<string> Validate(string section = Section)
    {
        if (BatchSize is < 1 or > 10_000) yield return $"{section}:BatchSize is {BatchSize}: use 1 to 10000.";
        if (MaxParallelSends is < 1 or > 256) yield return $"{section}:MaxParallelSends is {MaxParallelSends}: use 1 to 256.";
        if (ClaimTimeout < TimeSpan.FromSeconds(1)) yield return $"{section}:ClaimTimeout is {ClaimTimeout}: use at least 00:00:01, longer than the slowest batch.";
        if (MaxTransientAttempts is < 1 or > 100) yield return $"{section}:MaxTransientAttempts is {MaxTransientAttempts}: use 1 to 100.";
        if (TransientRetryDelay < TimeSpan.Zero) yield return $"{section}:TransientRetryDelay is negative: use 00:00:00 or more.";
        if (MaxBatchesPerPass < 1) yield return $"{section}:MaxBatchesPerPass is {MaxBatchesPerPass}: use 1 or more.";
    }

    /// <summary>Throws when <see cref="Validate"/> finds problems.</summary>
    /// <exception cref="InvalidOperationException">A value is out of range; the message names it.</exception>
    public void ThrowIfInvalid()
    {
        var problems = Validate().ToList();
        if (problems.Count > 0) throw new InvalidOperationException(string.Join(Environment.NewLine, problems));
    }
}

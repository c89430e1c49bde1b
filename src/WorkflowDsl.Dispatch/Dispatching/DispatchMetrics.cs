using System.Diagnostics.Metrics;

namespace WorkflowDsl.Dispatch.Dispatching;

/// <summary>The dispatcher's instruments, on the meter <see cref="MeterName"/> (docs/delivery.md,
/// "Logs and metrics"). Every provider answer to a hand-off is counted once, by its kind.</summary>
public static class DispatchMetrics
{
    /// <summary>The meter's name: <c>WorkflowDsl.Dispatch</c>.</summary>
    public const string MeterName = "WorkflowDsl.Dispatch";

    /// <summary>Counter (messages): the provider accepted the message. Tag <c>channel</c>.</summary>
    public const string Sent = "workflowdsl.dispatch.sent";

    /// <summary>Counter (messages): the provider failed the attempt for now; it is retried at its next
    /// attempt time. Tags <c>channel</c>, <c>provider_code</c>.</summary>
    public const string FailedTransient = "workflowdsl.dispatch.failed_transient";

    /// <summary>Counter (messages): the message failed for good (permanent refusal, invalid address,
    /// unregistered device, template error, recipient gone, or the transient-attempt limit reached). Tags
    /// <c>channel</c>, <c>provider_code</c>.</summary>
    public const string FailedPermanent = "workflowdsl.dispatch.failed_permanent";

    /// <summary>Histogram (seconds): how long one hand-off to the provider took, from the call to the
    /// answer (all of a user's push devices together). Tag <c>channel</c>.</summary>
    public const string Duration = "workflowdsl.dispatch.duration";
}

// The instruments of one dispatcher, on its meter (from the IMeterFactory when there is one).
internal sealed class DispatchInstruments
{
    public DispatchInstruments(Meter meter)
    {
        Sent = meter.CreateCounter<long>(DispatchMetrics.Sent, "{message}", "Messages the provider accepted.");
        FailedTransient = meter.CreateCounter<long>(DispatchMetrics.FailedTransient, "{message}", "Attempts that failed for now; retried at their next attempt time.");
        FailedPermanent = meter.CreateCounter<long>(DispatchMetrics.FailedPermanent, "{message}", "Messages that failed for good.");
        Duration = meter.CreateHistogram<double>(DispatchMetrics.Duration, "s", "Time of one hand-off to the provider.");
    }

    public Counter<long> Sent { get; }
    public Counter<long> FailedTransient { get; }
    public Counter<long> FailedPermanent { get; }
    public Histogram<double> Duration { get; }
}

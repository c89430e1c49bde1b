using Polly;
using Polly.Retry;

namespace WorkflowDsl.Delivery.Sending;

/// <summary>How a channel retries transient failures (SMTP 4xx, dropped connections, HTTP 429/5xx).</summary>
public sealed class DeliveryRetryOptions
{
    /// <summary>Attempts in all, the first included (1 = no retry). 1 to 20; default 4.</summary>
    public int MaxAttempts { get; set; } = 4;

    /// <summary>Delay before the first retry; it doubles at each retry. Default 1 second.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest delay between two attempts computed by backoff. Default 30 seconds.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest provider-requested wait (Retry-After) honoured in place; a longer one ends the
    /// retries with <see cref="DeliveryResult.FailedTransient"/> carrying the wait. Default 60 seconds.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Randomise backoff delays so parallel senders do not retry in step. Default true.</summary>
    public bool UseJitter { get; set; } = true;

    /// <summary>Problems with the values, each naming the setting and what to do; empty when valid.</summary>
    public IEnumerable<string> Validate(string section)
    {
        if (MaxAttempts is < 1 or > 20) yield return $"{section}:MaxAttempts is {MaxAttempts}: use 1 (no retry) to 20.";
        if (BaseDelay < TimeSpan.Zero || BaseDelay > TimeSpan.FromMinutes(5)) yield return $"{section}:BaseDelay is {BaseDelay}: use 00:00:00 to 00:05:00.";
        if (MaxDelay < BaseDelay) yield return $"{section}:MaxDelay ({MaxDelay}) is shorter than BaseDelay ({BaseDelay}): raise it.";
        if (MaxRetryAfter < TimeSpan.Zero) yield return $"{section}:MaxRetryAfter is negative: use 00:00:00 or more.";
    }

    /// <summary>The Polly pipeline: retries <see cref="DeliveryResult.FailedTransient"/> results with
    /// exponential backoff, waiting the provider's Retry-After instead when it gave one.</summary>
    public ResiliencePipeline<DeliveryResult> BuildPipeline(TimeProvider? timeProvider = null)
    {
        var builder = new ResiliencePipelineBuilder<DeliveryResult>();
        if (timeProvider is not null) builder.TimeProvider = timeProvider;
        if (MaxAttempts <= 1) return builder.Build();
        TimeSpan maxRetryAfter = MaxRetryAfter;
        return builder.AddRetry(new RetryStrategyOptions<DeliveryResult>
        {
            MaxRetryAttempts = MaxAttempts - 1,
            Delay = BaseDelay,
            MaxDelay = MaxDelay,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = UseJitter,
            ShouldHandle = args => ValueTask.FromResult(
                args.Outcome.Result is DeliveryResult.FailedTransient t && (t.RetryAfter is null || t.RetryAfter <= maxRetryAfter)),
            DelayGenerator = args => ValueTask.FromResult(
                args.Outcome.Result is DeliveryResult.FailedTransient { RetryAfter: { } wait } ? wait : (TimeSpan?)null),
        }).Build();
    }
}

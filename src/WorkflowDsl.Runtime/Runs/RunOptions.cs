using WorkflowDsl.Templates;

namespace WorkflowDsl.Runtime.Runs;

/// <summary>Points inside a run where tests (and diagnostics) can step in.</summary>
public enum RunPoint
{
    /// <summary>A page of users was written to the open transaction.</summary>
    AfterPage = 0,
    /// <summary>Everything is written; the transaction is about to commit.</summary>
    BeforeCommit = 1,
    /// <summary>The transaction committed; the lock is not yet released.</summary>
    AfterCommit = 2,
}

/// <summary>Progress of a long run.</summary>
/// <param name="WorkflowId">The workflow.</param>
/// <param name="UsersProcessed">Target users processed so far.</param>
public readonly record struct RunProgress(string WorkflowId, int UsersProcessed);

/// <summary>The run engine's options.</summary>
public sealed class RunOptions
{
    /// <summary>The message templates, by id (the built-in ones by default; add the application's).</summary>
    public IReadOnlyDictionary<string, MessageTemplate> Templates { get; init; } =
        BuiltInTemplates.All.ToDictionary(t => t.Id);

    /// <summary>Users read and written per page inside a run's transaction (bounds memory).</summary>
    public int PageSize { get; init; } = 2000;

    /// <summary>The run lock's lease: a lock whose lease was not renewed for this long is taken to belong to
    /// a process that died, and may be taken over. A run in progress renews it every
    /// <see cref="LockHeartbeatInterval"/>. Default 90 seconds.</summary>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>How often a run in progress renews its lock's lease; null for a third of
    /// <see cref="LockTimeout"/>. Must be shorter than <see cref="LockTimeout"/>.</summary>
    public TimeSpan? LockHeartbeatInterval { get; init; }

    internal TimeSpan EffectiveLockHeartbeat => LockHeartbeatInterval ?? LockTimeout / 3;

    /// <summary>The safety catch's margin for email and push first messages.</summary>
    public int SafetyMarginEmailPush { get; init; } = 250;

    /// <summary>The safety catch's margin for SMS first messages.</summary>
    public int SafetyMarginSms { get; init; } = 25;

    /// <summary>Called at <see cref="RunPoint"/>s; an exception thrown here aborts the run as a crash would.</summary>
    public Func<RunPoint, Task>? OnRunPoint { get; init; }

    /// <summary>Test seam, not public API: called once a run holds the lock and is Running, before any user
    /// is processed (tests/WorkflowDsl.CrashHost stops a real process there to be killed). An exception thrown
    /// here aborts the run as a crash would.</summary>
    internal Func<Task>? OnLockTaken { get; init; }

    /// <summary>Receives progress on long runs (after every page).</summary>
    public IProgress<RunProgress>? Progress { get; init; }

    /// <summary>Checks the options; throws with the offending value.</summary>
    public void Validate()
    {
        if (PageSize < 1) throw new ArgumentOutOfRangeException(nameof(PageSize), PageSize, "PageSize must be at least 1.");
        if (LockTimeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(LockTimeout), LockTimeout, "LockTimeout must be positive.");
        if (EffectiveLockHeartbeat <= TimeSpan.Zero || EffectiveLockHeartbeat >= LockTimeout)
            throw new ArgumentOutOfRangeException(nameof(LockHeartbeatInterval), LockHeartbeatInterval, "LockHeartbeatInterval must be positive and shorter than LockTimeout.");
        if (SafetyMarginEmailPush < 0 || SafetyMarginSms < 0) throw new ArgumentOutOfRangeException(nameof(SafetyMarginEmailPush), "Safety margins cannot be negative.");
    }
}

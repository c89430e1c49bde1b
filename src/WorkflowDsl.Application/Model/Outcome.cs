namespace WorkflowDsl.Application;

/// <summary>Why the application service did not do what was asked. These are expected outcomes
/// (a run in progress, a held run, a workflow with errors, bad input), not failures: exceptions are
/// kept for bugs and infrastructure failures.</summary>
public enum RefusalKind
{
    /// <summary>No such workflow, run or item, or the caller may not see it (the two look the same, so ids cannot be probed).</summary>
    NotFound = 0,
    /// <summary>The input is invalid; <see cref="Refusal.Field"/> names the field.</summary>
    InvalidInput = 1,
    /// <summary>Another run of the workflow is under way.</summary>
    Busy = 2,
    /// <summary>The workflow has validation errors, so it is not run.</summary>
    HasErrors = 3,
    /// <summary>The safety catch held the run: nothing was sent and scheduling is paused.</summary>
    HeldBySafetyCatch = 4,
    /// <summary>The workflow's state does not allow it (scheduling is not On for a scheduled run, not Paused for a confirmation).</summary>
    Conflict = 5,
    /// <summary>The caller may see the workflow but lacks the permission for this operation.</summary>
    Forbidden = 6,
}

/// <summary>A refusal: its kind, a stable code, a message that names the value and says what to do,
/// and, where it applies, the field at fault, the run it concerns and the individual problems.</summary>
/// <param name="Kind">What kind of refusal.</param>
/// <param name="Code">A stable code (such as <c>WFRUN001</c> or <c>WFAPP002</c>).</param>
/// <param name="Message">What is wrong and what to do.</param>
/// <param name="Field">The input field at fault, or null.</param>
/// <param name="RunId">The run the refusal concerns (a held run, a run refused for errors), or null.</param>
/// <param name="Problems">The individual problems (validation errors, import problems), or empty.</param>
public sealed record Refusal(RefusalKind Kind, string Code, string Message, string? Field = null, Guid? RunId = null, IReadOnlyList<string>? Problems = null)
{
    /// <summary>The individual problems, never null.</summary>
    public IReadOnlyList<string> Details => Problems ?? [];

    /// <inheritdoc/>
    public override string ToString() => $"{Code}: {Message}";
}

/// <summary>The result of an operation: a value, or a <see cref="Refusal"/> saying why not.</summary>
/// <typeparam name="T">The value's type.</typeparam>
public readonly record struct Outcome<T>
{
    private Outcome(T? value, Refusal? refusal)
    {
        Value = value;
        Refusal = refusal;
    }

    /// <summary>The value when <see cref="Succeeded"/>; default otherwise.</summary>
    public T? Value { get; }

    /// <summary>Why the operation was refused, or null when it succeeded.</summary>
    public Refusal? Refusal { get; }

    /// <summary>True when the operation did what was asked.</summary>
    public bool Succeeded => Refusal is null;

    /// <summary>A success.</summary>
    public static Outcome<T> Success(T value) => new(value, null);

    /// <summary>A refusal.</summary>
    public static Outcome<T> Refused(Refusal refusal) => new(default, refusal ?? throw new ArgumentNullException(nameof(refusal)));

    /// <summary>The value, or an <see cref="InvalidOperationException"/> with the refusal's message (for scripts and tests).</summary>
    public T GetValueOrThrow() => Succeeded ? Value! : throw new InvalidOperationException(Refusal!.ToString());

    /// <summary>A success.</summary>
    public static implicit operator Outcome<T>(T value) => Success(value);

    /// <summary>A refusal.</summary>
    public static implicit operator Outcome<T>(Refusal refusal) => Refused(refusal);
}

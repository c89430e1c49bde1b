namespace WorkflowDsl.Delivery.Tracking;

/// <summary>What a tracking token stands for (and what a stored tracking record is). It lives in this
/// assembly, which the delivery package and the run engine's storage both reference, because the
/// storage layer stores it (<c>dispatch_tracking</c>); its name stays that of the delivery package
/// (which forwards it here), so code that names it keeps compiling.</summary>
public enum TrackingKind : byte
{
    /// <summary>The tracking pixel was fetched: the email was (probably) opened.</summary>
    Open = 1,
    /// <summary>A rewritten link was followed.</summary>
    Click = 2,
    /// <summary>The unsubscribe link or the one-click List-Unsubscribe POST.</summary>
    Unsubscribe = 3,
}

using Microsoft.EntityFrameworkCore;
using WorkflowDsl.Runtime.Storage;

namespace WorkflowDsl.Dispatch.Storage;

/// <summary>The dispatcher's per-batch writes: the claim (new in-flight attempts) and the record (the
/// attempts' outcomes, final results, <c>dispatch_done</c>), in the open transaction, through the storage
/// layer's one bulk-write path (<see cref="BulkWriter"/>, the run engine's too: columns from the EF model,
/// prepared statements on SQLite, COPY on PostgreSQL) instead of one tracked entity and one statement per
/// row (EF's per-row cost was most of the dispatcher's own time). A batch's claims differ only in their
/// outbox message, so on SQLite they go in as one set-based statement.</summary>
internal static class DispatchWrites
{
    /// <summary>Inserts the in-flight claims in the open transaction. A claim that another dispatcher made
    /// first violates the unique key and fails the statement.</summary>
    public static Task InsertClaimsAsync(DbContext db, IReadOnlyList<DispatchAttempt> claims, CancellationToken cancellationToken) =>
        BulkWriter.InsertAsync(db, claims, cancellationToken);

    /// <summary>Writes the outcome of each claim (found by its unique key), in the open transaction.</summary>
    public static Task UpdateOutcomesAsync(DbContext db, IReadOnlyList<DispatchAttempt> claims, CancellationToken cancellationToken) =>
        BulkWriter.UpdateAsync(db, claims,
            key: [nameof(DispatchAttempt.OutboxMessageId), nameof(DispatchAttempt.Channel), nameof(DispatchAttempt.AttemptNumber)],
            set: [nameof(DispatchAttempt.State), nameof(DispatchAttempt.ProviderId), nameof(DispatchAttempt.Reason), nameof(DispatchAttempt.FinishedAt), nameof(DispatchAttempt.RetryNotBefore)],
            cancellationToken);

    /// <summary>Inserts final delivery results in the open transaction.</summary>
    public static Task InsertResultsAsync(DbContext db, IReadOnlyList<DeliveryResult> results, CancellationToken cancellationToken) =>
        BulkWriter.InsertAsync(db, results, cancellationToken);

    /// <summary>Inserts <c>dispatch_done</c> rows in the open transaction.</summary>
    public static Task InsertDoneAsync(DbContext db, IReadOnlyList<DispatchedMessage> done, CancellationToken cancellationToken) =>
        BulkWriter.InsertAsync(db, done, cancellationToken);
}

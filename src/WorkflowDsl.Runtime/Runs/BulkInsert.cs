using Microsoft.EntityFrameworkCore;
using WorkflowDsl.Runtime.Storage;

namespace WorkflowDsl.Runtime.Runs;

/// <summary>Writes a run's many new rows in bulk in the open transaction, through the storage layer's one
/// bulk-write path (<see cref="BulkWriter"/>: the columns come from the EF model; SQLite prepared statements
/// on the native handle, PostgreSQL binary COPY, otherwise multi-row INSERTs), instead of one tracked
/// entity per row (EF's per-row cost dominated a run).</summary>
internal static class BulkInsert
{
    public static Task ProgressAsync(WorkflowDbContext db, IReadOnlyList<UserProgress> rows, CancellationToken cancellationToken) =>
        BulkWriter.InsertAsync(db, rows, cancellationToken);

    public static Task OutboxAsync(WorkflowDbContext db, IReadOnlyList<OutboxMessage> rows, CancellationToken cancellationToken) =>
        BulkWriter.InsertAsync(db, rows, cancellationToken);

    /// <summary>Records a Skipped delivery result, with the reason, for every skipped channel of the
    /// run's messages to users that has none yet (set-based, so repeating it adds nothing), for the
    /// channels in <paramref name="skipped"/>: those the rows just written skipped (a statement per
    /// channel scans the run's messages, so channels nobody was skipped on are not looked at).</summary>
    public static async Task SkippedResultsAsync(WorkflowDbContext db, Guid runId, DateTime now, Channel skipped, CancellationToken cancellationToken)
    {
        object run = SqliteValues.IsSqlite(db) ? SqliteValues.Text(runId) : runId;
        foreach (var channel in RunEngine.Split(skipped))
        {
            await db.Database.ExecuteSqlRawAsync(
                """
                INSERT INTO "delivery_results" ("OutboxMessageId", "Channel", "Status", "Reason", "At")
                SELECT o."Id", {0}, {1}, {2}, {3} FROM "outbox" o
                WHERE o."RunId" = {4} AND o."RecipientKind" = 0 AND (o."SkippedChannels" & {0}) <> 0
                  AND NOT EXISTS (SELECT 1 FROM "delivery_results" r WHERE r."OutboxMessageId" = o."Id" AND r."Channel" = {0})
                """,
                [(int)channel, (int)DeliveryStatus.Skipped, ContactData.MissingReason(channel), now, run], cancellationToken);
        }
    }
}

using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using WorkflowDsl.Runtime.Storage;

namespace WorkflowDsl.Dispatch.Storage;

/// <summary>The dispatcher's per-batch writes: the claim (new in-flight attempts) and the record (the
/// attempts' outcomes, final results, <c>dispatch_done</c>). On SQLite each is one set-based statement
/// per table — the batch's rows go in as one JSON array parameter unpacked by <c>json_each</c> — instead
/// of one tracked entity and one statement per row (EF's per-row cost was most of the dispatcher's own
/// time). Other providers keep EF's change tracking, which sends many statements per round trip.</summary>
internal static class DispatchWrites
{
    /// <summary>Inserts the in-flight claims in the open transaction (SQLite). A claim that another
    /// dispatcher made first violates the unique key and fails the statement.</summary>
    public static Task InsertClaimsAsync(DbContext db, IReadOnlyList<DispatchAttempt> claims, CancellationToken cancellationToken) =>
        ExecuteAsync(db,
            """
            INSERT INTO "dispatch_attempts" ("OutboxMessageId", "Channel", "AttemptNumber", "State", "Reason", "ClaimedAt")
            SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, '', value ->> 4 FROM json_each(@rows)
            """,
            claims.Select(c => new object?[] { c.OutboxMessageId, (int)c.Channel, c.AttemptNumber, (int)c.State, c.ClaimedAt }),
            cancellationToken);

    /// <summary>Writes the outcome of each claim (found by its unique key), in the open transaction (SQLite).</summary>
    public static Task UpdateOutcomesAsync(DbContext db, IReadOnlyList<DispatchAttempt> claims, CancellationToken cancellationToken) =>
        ExecuteAsync(db,
            """
            UPDATE "dispatch_attempts" SET "State" = v.value ->> 3, "ProviderId" = v.value ->> 4, "Reason" = v.value ->> 5,
                "FinishedAt" = v.value ->> 6, "RetryNotBefore" = v.value ->> 7
            FROM json_each(@rows) AS v
            WHERE "dispatch_attempts"."OutboxMessageId" = v.value ->> 0 AND "dispatch_attempts"."Channel" = v.value ->> 1
              AND "dispatch_attempts"."AttemptNumber" = v.value ->> 2
            """,
            claims.Select(c => new object?[] { c.OutboxMessageId, (int)c.Channel, c.AttemptNumber, (int)c.State, c.ProviderId, c.Reason, c.FinishedAt, c.RetryNotBefore }),
            cancellationToken);

    /// <summary>Inserts final delivery results in the open transaction (SQLite).</summary>
    public static Task InsertResultsAsync(DbContext db, IReadOnlyList<DeliveryResult> results, CancellationToken cancellationToken) =>
        ExecuteAsync(db,
            """
            INSERT INTO "delivery_results" ("OutboxMessageId", "Channel", "Status", "Reason", "At")
            SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4 FROM json_each(@rows)
            """,
            results.Select(r => new object?[] { r.OutboxMessageId, (int)r.Channel, (int)r.Status, r.Reason, r.At }),
            cancellationToken);

    /// <summary>Inserts <c>dispatch_done</c> rows in the open transaction (SQLite).</summary>
    public static Task InsertDoneAsync(DbContext db, IReadOnlyList<DispatchedMessage> done, CancellationToken cancellationToken) =>
        ExecuteAsync(db,
            """
            INSERT INTO "dispatch_done" ("OutboxMessageId", "At")
            SELECT value ->> 0, value ->> 1 FROM json_each(@rows)
            """,
            done.Select(d => new object?[] { d.OutboxMessageId, d.At }),
            cancellationToken);

    /// <summary>Runs <paramref name="sql"/> with <c>@rows</c> bound to the rows as one JSON array of
    /// arrays. Values are written as EF stores them on SQLite: dates as <c>yyyy-MM-dd HH:mm:ss.FFFFFFF</c>
    /// text, enums as integers.</summary>
    private static async Task ExecuteAsync(DbContext db, string sql, IEnumerable<object?[]> rows, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>();
        int count = 0;
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var row in rows)
            {
                count++;
                json.WriteStartArray();
                foreach (var value in row)
                {
                    switch (value)
                    {
                        case null: json.WriteNullValue(); break;
                        case string text: json.WriteStringValue(text); break;
                        case int number: json.WriteNumberValue(number); break;
                        case long number: json.WriteNumberValue(number); break;
                        case DateTime time: json.WriteStringValue(SqliteValues.Text(time)); break;
                        default: throw new NotSupportedException($"DispatchWrites: no JSON form for {value.GetType().Name}.");
                    }
                }
                json.WriteEndArray();
            }
            json.WriteEndArray();
        }
        if (count == 0) return;
        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = sql;
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@rows";
        parameter.Value = Encoding.UTF8.GetString(buffer.WrittenSpan);
        command.Parameters.Add(parameter);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

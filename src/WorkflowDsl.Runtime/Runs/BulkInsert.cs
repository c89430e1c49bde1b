using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using WorkflowDsl.Runtime.Storage;

namespace WorkflowDsl.Runtime.Runs;

/// <summary>Writes a run's many new rows with multi-row INSERT statements in the open transaction,
/// instead of one tracked entity per row (EF's per-row cost dominated a run). Identifiers are double
/// quoted, which SQLite, PostgreSQL and SQL Server all accept.</summary>
internal static class BulkInsert
{
    public static async Task ProgressAsync(WorkflowDbContext db, IReadOnlyList<UserProgress> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0) return;
        await InsertAsync(db, "user_progress",
            ["WorkflowId", "UserId", "StepKey", "PassedStepKey", "StepIndex", "LastSentAt", "RepeatsDone", "Finished", "Completed", "FirstSeenAt", "UpdatedAt"],
            rows.Select(p => new object?[] { p.WorkflowId, p.UserId, p.StepKey, p.PassedStepKey, p.StepIndex, p.LastSentAt, p.RepeatsDone, p.Finished, p.Completed, p.FirstSeenAt, p.UpdatedAt }).ToList(),
            cancellationToken);
    }

    public static async Task OutboxAsync(WorkflowDbContext db, IReadOnlyList<OutboxMessage> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0) return;
        await InsertAsync(db, "outbox",
            ["WorkflowId", "RunId", "RecipientKind", "RecipientId", "StepKey", "Repeat", "Batch", "TemplateId", "Channels", "SkippedChannels", "CreatedAt", "ListedUsers"],
            rows.Select(m => new object?[]
            {
                // EF stores Guids as upper-case text on SQLite: the SQLite path writes them so.
                m.WorkflowId, m.RunId, (int)m.RecipientKind, m.RecipientId, m.StepKey, m.Repeat,
                m.Batch, m.TemplateId, (int)m.Channels, (int)m.SkippedChannels, m.CreatedAt, m.ListedUsers,
            }).ToList(),
            cancellationToken);
    }

    /// <summary>Records a Skipped delivery result, with the reason, for every skipped channel of the
    /// run's messages to users that has none yet (set-based, so repeating it adds nothing).</summary>
    public static async Task SkippedResultsAsync(WorkflowDbContext db, Guid runId, DateTime now, CancellationToken cancellationToken)
    {
        bool sqlite = db.Database.ProviderName?.Contains("Sqlite", StringComparison.Ordinal) == true;
        object run = sqlite ? runId.ToString().ToUpperInvariant() : runId;
        foreach (var channel in RunEngine.Split(Channel.Email | Channel.Push | Channel.Sms))
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

    private static async Task InsertAsync(WorkflowDbContext db, string table, string[] columns, List<object?[]> rows, CancellationToken cancellationToken)
    {
        if (db.Database.ProviderName?.Contains("Sqlite", StringComparison.Ordinal) == true)
            await InsertSqliteJsonAsync(db, table, columns, rows, cancellationToken);
        else
            await InsertValuesAsync(db, table, columns, rows, cancellationToken);
    }

    /// <summary>SQLite: the rows go in as one JSON array parameter, unpacked by <c>json_each</c>: one
    /// statement per page. (Multi-row VALUES with one parameter per value cost time quadratic in the
    /// parameters per statement in the SQLite client's binding: ~50 µs per row at 100 rows.) Values are
    /// written as the provider stores them: dates as <c>yyyy-MM-dd HH:mm:ss.FFFFFFF</c> text, booleans
    /// as 0/1, Guids as upper-case text. json_each yields the array in order (no ORDER BY: sorting cost
    /// a third of the statement).</summary>
    private static async Task InsertSqliteJsonAsync(WorkflowDbContext db, string table, string[] columns, List<object?[]> rows, CancellationToken cancellationToken)
    {
        const int rowsPerStatement = 5000;
        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => "\"" + c + "\""))}) SELECT "
            + string.Join(", ", columns.Select((_, i) => $"value ->> {i}")) + " FROM json_each(@rows)";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@rows";
        command.Parameters.Add(parameter);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        // A run's rows share a few times (the run's "now") and Guids (the run id): format each once.
        var texts = new Dictionary<object, string>();
        foreach (var chunk in rows.Chunk(rowsPerStatement))
        {
            buffer.ResetWrittenCount();
            using (var json = new System.Text.Json.Utf8JsonWriter(buffer))
            {
                json.WriteStartArray();
                foreach (var row in chunk)
                {
                    json.WriteStartArray();
                    foreach (var value in row)
                    {
                        switch (value)
                        {
                            case null: json.WriteNullValue(); break;
                            case string text: json.WriteStringValue(text); break;
                            case int number: json.WriteNumberValue(number); break;
                            case long number: json.WriteNumberValue(number); break;
                            case bool flag: json.WriteNumberValue(flag ? 1 : 0); break;
                            case DateTime time: json.WriteStringValue(Text(time)); break;
                            case Guid guid: json.WriteStringValue(Text(guid)); break;
                            default: throw new NotSupportedException($"BulkInsert: no JSON form for {value.GetType().Name}.");
                        }
                    }
                    json.WriteEndArray();
                }
                json.WriteEndArray();
            }
            parameter.Value = Encoding.UTF8.GetString(buffer.WrittenSpan);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        string Text(object value)
        {
            if (texts.TryGetValue(value, out var text)) return text;
            text = value is DateTime time
                ? time.ToString(@"yyyy\-MM\-dd HH\:mm\:ss.FFFFFFF", System.Globalization.CultureInfo.InvariantCulture)
                : ((Guid)value).ToString().ToUpperInvariant();
            if (texts.Count < 1000) texts[value] = text;
            return text;
        }
    }

    private static async Task InsertValuesAsync(WorkflowDbContext db, string table, string[] columns, List<object?[]> rows, CancellationToken cancellationToken)
    {
        // Moderate statements (100 rows) prepare quickly everywhere and stay under SQL Server's 2,100 parameters.
        int rowsPerStatement = Math.Max(1, Math.Min(100, 2000 / columns.Length));
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        DbCommand? full = null;
        try
        {
            foreach (var chunk in rows.Chunk(rowsPerStatement))
            {
                var command = chunk.Length == rowsPerStatement ? full ??= Create(chunk.Length) : Create(chunk.Length);
                for (int r = 0; r < chunk.Length; r++)
                    for (int c = 0; c < columns.Length; c++)
                        command.Parameters[r * columns.Length + c].Value = chunk[r][c] ?? DBNull.Value;
                await command.ExecuteNonQueryAsync(cancellationToken);
                if (command != full) await command.DisposeAsync();
            }
        }
        finally
        {
            if (full is not null) await full.DisposeAsync();
        }

        DbCommand Create(int rowCount)
        {
            var command = connection.CreateCommand();
            command.Transaction = transaction;
            var sql = new StringBuilder($"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => "\"" + c + "\""))}) VALUES ");
            for (int r = 0; r < rowCount; r++)
            {
                sql.Append(r == 0 ? "(" : ", (");
                for (int c = 0; c < columns.Length; c++)
                {
                    string name = "@p" + (r * columns.Length + c);
                    if (c > 0) sql.Append(", ");
                    sql.Append(name);
                    var parameter = command.CreateParameter();
                    parameter.ParameterName = name;
                    command.Parameters.Add(parameter);
                }
                sql.Append(')');
            }
            command.CommandText = sql.ToString();
            return command;
        }
    }
}

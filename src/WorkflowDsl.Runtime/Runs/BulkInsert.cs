using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using WorkflowDsl.Runtime.Storage;

namespace WorkflowDsl.Runtime.Runs;

/// <summary>Writes a run's many new rows in bulk in the open transaction (SQLite: prepared statements on
/// the native handle; PostgreSQL: binary COPY; otherwise multi-row INSERT statements),
/// instead of one tracked entity per row (EF's per-row cost dominated a run). Identifiers are double
/// quoted, which SQLite, PostgreSQL and SQL Server all accept.</summary>
internal static class BulkInsert
{
    public static async Task ProgressAsync(WorkflowDbContext db, IReadOnlyList<UserProgress> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0) return;
        await InsertAsync(db, "user_progress",
            ["WorkflowId", "UserId", "StepKey", "PassedStepKey", "StepIndex", "LastSentAt", "RepeatsDone", "Finished", "Completed", "FirstSeenAt", "UpdatedAt"], 1,
            rows.Select(p => new object?[] { p.WorkflowId, p.UserId, p.StepKey, p.PassedStepKey, p.StepIndex, p.LastSentAt, p.RepeatsDone, p.Finished, p.Completed, p.FirstSeenAt, p.UpdatedAt }).ToList(),
            cancellationToken);
    }

    public static async Task OutboxAsync(WorkflowDbContext db, IReadOnlyList<OutboxMessage> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0) return;
        await InsertAsync(db, "outbox",
            ["WorkflowId", "RunId", "RecipientKind", "RecipientId", "StepKey", "Repeat", "Batch", "TemplateId", "Channels", "SkippedChannels", "CreatedAt", "ListedUsers"], 3,
            rows.Select(m => new object?[]
            {
                // EF stores Guids as upper-case text on SQLite: the SQLite path writes them so.
                m.WorkflowId, m.RunId, (int)m.RecipientKind, m.RecipientId, m.StepKey, m.Repeat,
                m.Batch, m.TemplateId, (int)m.Channels, (int)m.SkippedChannels, m.CreatedAt, m.ListedUsers,
            }).ToList(),
            cancellationToken);
    }

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

    private static async Task InsertAsync(WorkflowDbContext db, string table, string[] columns, int userColumn, List<object?[]> rows, CancellationToken cancellationToken)
    {
        if (db.Database.GetDbConnection() is Microsoft.Data.Sqlite.SqliteConnection sqlite)
        {
            cancellationToken.ThrowIfCancellationRequested();
            InsertSqlite(sqlite, table, columns, userColumn, rows);
        }
        else if (db.Database.GetDbConnection() is Npgsql.NpgsqlConnection postgres)
        {
            await InsertPostgreSqlAsync(postgres, table, columns, rows, cancellationToken);
        }
        else
        {
            await InsertValuesAsync(db, table, columns, rows, cancellationToken);
        }
    }

    /// <summary>PostgreSQL: the rows go in through <c>COPY ... FROM STDIN (FORMAT BINARY)</c> on the
    /// context's connection, inside its open transaction (a failure, such as a duplicate outbox key,
    /// aborts the copy and the transaction as an INSERT would). (Multi-row VALUES statements with a
    /// parameter per value: 17.9 s for a run over 100k users; with COPY 9-11 s.) Each value's
    /// PostgreSQL type follows from its .NET type as EF's mapping has it: text (into the varchar
    /// columns), integer, boolean, uuid, and timestamp with time zone for the UTC dates.</summary>
    private static async Task InsertPostgreSqlAsync(Npgsql.NpgsqlConnection connection, string table, string[] columns, List<object?[]> rows, CancellationToken cancellationToken)
    {
        await using var copy = await connection.BeginBinaryImportAsync(
            $"COPY \"{table}\" ({string.Join(", ", columns.Select(c => "\"" + c + "\""))}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var row in rows)
        {
            await copy.StartRowAsync(cancellationToken);
            foreach (var value in row)
            {
                switch (value)
                {
                    case null: await copy.WriteNullAsync(cancellationToken); break;
                    case string text: await copy.WriteAsync(text, cancellationToken); break;
                    case int number: await copy.WriteAsync(number, cancellationToken); break;
                    case long number: await copy.WriteAsync(number, cancellationToken); break;
                    case bool flag: await copy.WriteAsync(flag, cancellationToken); break;
                    case DateTime time: await copy.WriteAsync(time, cancellationToken); break;
                    case Guid guid: await copy.WriteAsync(guid, cancellationToken); break;
                    default: throw new NotSupportedException($"BulkInsert: no PostgreSQL form for {value.GetType().Name}.");
                }
            }
        }
        await copy.CompleteAsync(cancellationToken);
    }

    /// <summary>Below this many consecutive rows that differ only in the user column, rows go in one by one.</summary>
    private const int MinRowsPerSet = 4;

    /// <summary>SQLite, on the connection's native handle (in its open transaction), with two prepared
    /// statements. Consecutive rows that differ only in the user column (a page's new users at the same
    /// step get the same values but their id) go in as one <c>INSERT ... SELECT ?1, ..., value, ... FROM
    /// json_each(?)</c> over a JSON array of the user ids, in order: set-based, like hand-written SQL.
    /// Other rows go in one by one through a prepared single-row INSERT (bind, step, reset). Going through
    /// the raw handle avoids <c>SqliteCommand</c>'s per-execution cost (a data reader, parameters looked
    /// up by name), and a value a column already holds is not bound again (a reset keeps the bindings).
    /// (Before: all values of a page as one JSON array of rows, each value read with <c>->></c>, which
    /// re-parsed the row's JSON for every column.) Values are written as the EF provider stores them:
    /// dates as <c>yyyy-MM-dd HH:mm:ss.FFFFFFF</c> text, booleans as 0/1, Guids as upper-case text.</summary>
    private static void InsertSqlite(Microsoft.Data.Sqlite.SqliteConnection connection, string table, string[] columns, int userColumn, List<object?[]> rows)
    {
        var handle = connection.Handle ?? throw new InvalidOperationException("BulkInsert: the SQLite connection is not open.");
        string into = $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => "\"" + c + "\""))}) ";
        using var single = new Statement(handle, into + "VALUES (" + string.Join(", ", columns.Select((_, i) => "?" + (i + 1))) + ")");
        using var set = new Statement(handle, into + "SELECT " + string.Join(", ", columns.Select((_, i) => i == userColumn ? "value" : "?" + (i + 1)))
            + $" FROM json_each(?{columns.Length + 1})");
        var ids = new System.Buffers.ArrayBufferWriter<byte>();
        int start = 0;
        while (start < rows.Count)
        {
            var first = rows[start];
            int end = start + 1;
            while (end < rows.Count && SameBut(first, rows[end], userColumn)) end++;
            if (end - start < MinRowsPerSet)
            {
                for (int r = start; r < end; r++)
                {
                    for (int c = 0; c < columns.Length; c++) single.Bind(c + 1, rows[r][c]);
                    single.Execute();
                }
            }
            else
            {
                for (int c = 0; c < columns.Length; c++)
                    if (c != userColumn) set.Bind(c + 1, first[c]);
                ids.ResetWrittenCount();
                using (var json = new System.Text.Json.Utf8JsonWriter(ids))
                {
                    json.WriteStartArray();
                    for (int r = start; r < end; r++) json.WriteStringValue((string)rows[r][userColumn]!);
                    json.WriteEndArray();
                }
                set.BindUtf8(columns.Length + 1, ids.WrittenSpan);
                set.Execute();
            }
            start = end;
        }

        static bool SameBut(object?[] a, object?[] b, int except)
        {
            for (int c = 0; c < a.Length; c++)
                if (c != except && !Equals(a[c], b[c])) return false;
            return true;
        }
    }

    /// <summary>A prepared SQLite statement on a connection's native handle that remembers what each
    /// parameter holds, so a value already bound is not bound again.</summary>
    private sealed class Statement : IDisposable
    {
        private readonly SQLitePCL.sqlite3 _handle;
        private readonly SQLitePCL.sqlite3_stmt _statement;
        private readonly Dictionary<int, object?> _bound = [];
        private readonly Dictionary<object, byte[]> _texts = [];

        public Statement(SQLitePCL.sqlite3 handle, string sql)
        {
            _handle = handle;
            Check(SQLitePCL.raw.sqlite3_prepare_v2(handle, sql, out _statement));
        }

        public void Bind(int index, object? value)
        {
            if (_bound.TryGetValue(index, out var current) && Equals(current, value)) return;
            Check(value switch
            {
                null => SQLitePCL.raw.sqlite3_bind_null(_statement, index),
                string text => SQLitePCL.raw.sqlite3_bind_text(_statement, index, text),
                int number => SQLitePCL.raw.sqlite3_bind_int(_statement, index, number),
                long number => SQLitePCL.raw.sqlite3_bind_int64(_statement, index, number),
                bool flag => SQLitePCL.raw.sqlite3_bind_int(_statement, index, flag ? 1 : 0),
                DateTime or Guid => SQLitePCL.raw.sqlite3_bind_text(_statement, index, Text(value)),
                _ => throw new NotSupportedException($"BulkInsert: no SQLite form for {value.GetType().Name}."),
            });
            _bound[index] = value;
        }

        public void BindUtf8(int index, ReadOnlySpan<byte> text)
        {
            Check(SQLitePCL.raw.sqlite3_bind_text(_statement, index, text));
            _bound.Remove(index);
        }

        public void Execute()
        {
            int rc = SQLitePCL.raw.sqlite3_step(_statement);
            int reset = SQLitePCL.raw.sqlite3_reset(_statement);
            if (rc != SQLitePCL.raw.SQLITE_DONE) Check(rc);
            Check(reset);
        }

        public void Dispose() => _statement.Dispose();

        private void Check(int rc) => Microsoft.Data.Sqlite.SqliteException.ThrowExceptionForRC(rc, _handle);

        private byte[] Text(object value)
        {
            if (_texts.TryGetValue(value, out var text)) return text;
            text = Encoding.UTF8.GetBytes(value is DateTime time ? SqliteValues.Text(time) : SqliteValues.Text((Guid)value));
            if (_texts.Count < 1000) _texts[value] = text;
            return text;
        }
    }

    /// <summary>Any other provider (SQL Server): multi-row VALUES statements of up to 100 rows.</summary>
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

using System.Buffers;
using System.Data.Common;
using System.Globalization;
using System.Linq.Expressions;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Npgsql;
using NpgsqlTypes;

namespace WorkflowDsl.Runtime.Storage;

/// <summary>The one bulk-write path of the storage layer, used by the run engine (its progress and outbox
/// rows) and the dispatcher (its claims, outcomes, results and <c>dispatch_done</c> rows). Everything it
/// writes follows from the EF model's metadata of the entity type: the table and column names
/// (<see cref="StoreObjectIdentifier"/>), which properties are columns (all but store-generated ones), each
/// column's value converter and store type; so a column added to the model is written without touching
/// this code, and nothing here can drift from the migrations. Per provider, in the context's open
/// transaction (one is opened and closed around the write when none is):
/// <list type="bullet">
/// <item>SQLite: prepared statements on the connection's native handle. Consecutive rows that differ in
/// one column only (a page's new users at one step, a batch's claims) go in as one <c>INSERT ... SELECT
/// ..., value, ... FROM json_each(?)</c> over a JSON array of that column's values: set-based, like
/// hand-written SQL; other rows through a prepared single-row INSERT (bind, step, reset), without binding
/// again a value a parameter already holds. Values are stored as EF's SQLite provider stores them
/// (<see cref="SqliteValues"/>).</item>
/// <item>PostgreSQL: binary <c>COPY ... FROM STDIN</c>, each value written as its column's store type.</item>
/// <item>Any other provider (SQL Server): multi-row <c>VALUES</c> INSERTs with parameters the column's
/// type mapping configures.</item>
/// </list>
/// Updates by key (<see cref="UpdateAsync{T}"/>) are a prepared single-row UPDATE per row.</summary>
internal static partial class BulkWriter
{
    /// <summary>Inserts <paramref name="rows"/> into their entity type's table. Store-generated columns
    /// (identity keys) are left to the database and not read back.</summary>
    public static async Task InsertAsync<T>(DbContext db, IReadOnlyList<T> rows, CancellationToken cancellationToken) where T : class
    {
        if (rows.Count == 0) return;
        var table = BulkTable.Of(db, typeof(T));
        var values = table.Read(rows, table.Columns);
        await using var _ = await OpenAsync(db, cancellationToken);
        switch (db.Database.GetDbConnection())
        {
            case SqliteConnection sqlite:
                cancellationToken.ThrowIfCancellationRequested();
                InsertSqlite(sqlite, table, values);
                break;
            case NpgsqlConnection postgres:
                await InsertPostgreSqlAsync(postgres, table, values, cancellationToken);
                break;
            default:
                await InsertValuesAsync(db, table, values, cancellationToken);
                break;
        }
    }

    /// <summary>Updates the columns of the properties named <paramref name="set"/> of each row found by
    /// the properties named <paramref name="key"/> (which must identify one row, as a key or unique index does).</summary>
    public static async Task UpdateAsync<T>(DbContext db, IReadOnlyList<T> rows, IReadOnlyList<string> key, IReadOnlyList<string> set, CancellationToken cancellationToken) where T : class
    {
        if (rows.Count == 0) return;
        var table = BulkTable.Of(db, typeof(T));
        var columns = set.Concat(key).Select(table.Column).ToArray();
        var values = table.Read(rows, columns);
        string sql = $"UPDATE {table.Name} SET {string.Join(", ", set.Select((name, i) => $"{table.Column(name).Name} = {{{i}}}"))} WHERE "
            + string.Join(" AND ", key.Select((name, i) => $"{table.Column(name).Name} = {{{set.Count + i}}}"));
        await using var _ = await OpenAsync(db, cancellationToken);
        if (db.Database.GetDbConnection() is SqliteConnection sqlite)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var statement = new SqliteStatement(Handle(sqlite), string.Format(CultureInfo.InvariantCulture, sql, columns.Select((_, i) => (object)("?" + (i + 1))).ToArray()));
            foreach (var row in values) statement.Execute(row);
            return;
        }
        await using var command = CreateCommand(db, columns, 1, names => string.Format(CultureInfo.InvariantCulture, sql, names));
        foreach (var row in values)
        {
            for (int c = 0; c < columns.Length; c++) command.Parameters[c].Value = row[c] ?? DBNull.Value;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>Opens the context's connection for the write when it is not open (else nothing to undo).</summary>
    private static async Task<IAsyncDisposable> OpenAsync(DbContext db, CancellationToken cancellationToken)
    {
        if (db.Database.GetDbConnection().State == System.Data.ConnectionState.Open) return NothingToClose.Instance;
        await db.Database.OpenConnectionAsync(cancellationToken);
        return new Closer(db);
    }

    private sealed class NothingToClose : IAsyncDisposable
    {
        public static readonly NothingToClose Instance = new();
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class Closer(DbContext db) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await db.Database.CloseConnectionAsync();
    }

    private static SQLitePCL.sqlite3 Handle(SqliteConnection connection) =>
        connection.Handle ?? throw new InvalidOperationException("BulkWriter: the SQLite connection is not open.");

    /// <summary>Below this many consecutive rows that differ in one column, rows go in one by one.</summary>
    private const int MinRowsPerSet = 4;

    private static void InsertSqlite(SqliteConnection connection, BulkTable table, List<object?[]> rows)
    {
        var handle = Handle(connection);
        var columns = table.Columns;
        int count = columns.Length;
        // Each value in its SQLite form; a date or Guid that repeats the previous row's is converted once.
        var lastValue = new object?[count];
        var lastForm = new object?[count];
        for (int r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            for (int c = 0; c < count; c++)
            {
                object? value = row[c];
                if (r > 0 && value is DateTime or Guid && value.Equals(lastValue[c])) { row[c] = lastForm[c]; continue; }
                lastValue[c] = value;
                row[c] = lastForm[c] = SqliteForm(value);
            }
        }
        string into = $"INSERT INTO {table.Name} ({string.Join(", ", columns.Select(c => c.Name))}) ";
        using var single = new SqliteStatement(handle, into + "VALUES (" + string.Join(", ", columns.Select((_, i) => "?" + (i + 1))) + ")");
        var sets = new SqliteStatement?[count];
        var json = new ArrayBufferWriter<byte>();
        try
        {
            int start = 0;
            while (start < rows.Count)
            {
                var first = rows[start];
                int end = start + 1, varying = -1;
                if (end < rows.Count && (varying = OnlyDifference(first, rows[end])) >= 0 && first[varying] is not byte[])
                {
                    while (end < rows.Count && SameBut(first, rows[end], varying) && rows[end][varying] is not byte[]) end++;
                }
                if (end - start < MinRowsPerSet)
                {
                    for (int r = start; r < end; r++) single.Execute(rows[r]);
                }
                else
                {
                    var set = sets[varying] ??= new SqliteStatement(handle, into + "SELECT "
                        + string.Join(", ", columns.Select((_, i) => i == varying ? "value" : "?" + (i + 1))) + $" FROM json_each(?{count + 1})");
                    for (int c = 0; c < count; c++)
                        if (c != varying) set.Bind(c + 1, first[c]);
                    json.ResetWrittenCount();
                    using (var writer = new Utf8JsonWriter(json))
                    {
                        writer.WriteStartArray();
                        for (int r = start; r < end; r++)
                        {
                            switch (rows[r][varying])
                            {
                                case null: writer.WriteNullValue(); break;
                                case long number: writer.WriteNumberValue(number); break;
                                case int number: writer.WriteNumberValue(number); break;
                                case double number: writer.WriteNumberValue(number); break;
                                case var text: writer.WriteStringValue((string)text); break;
                            }
                        }
                        writer.WriteEndArray();
                    }
                    set.BindUtf8(count + 1, json.WrittenSpan);
                    set.Step();
                }
                start = end;
            }
        }
        finally
        {
            foreach (var set in sets) set?.Dispose();
        }

        static int OnlyDifference(object?[] a, object?[] b)
        {
            int found = -1;
            for (int c = 0; c < a.Length; c++)
            {
                if (Equals(a[c], b[c])) continue;
                if (found >= 0) return -1;
                found = c;
            }
            return found;
        }

        static bool SameBut(object?[] a, object?[] b, int except)
        {
            for (int c = 0; c < a.Length; c++)
                if (c != except && !Equals(a[c], b[c])) return false;
            return true;
        }
    }

    /// <summary>A provider value as EF's SQLite provider stores it: null, an integer (long, or an int
    /// left as it is), a real (double), text (string) or a blob (byte[]).</summary>
    private static object? SqliteForm(object? value) => value switch
    {
        null or long or int or string or double or byte[] => value,
        bool flag => flag ? 1L : 0L,
        Enum e => Convert.ToInt64(e, CultureInfo.InvariantCulture),
        short or byte or sbyte or ushort or uint => Convert.ToInt64(value, CultureInfo.InvariantCulture),
        float number => (double)number,
        DateTime time => SqliteValues.Text(time),
        Guid guid => SqliteValues.Text(guid),
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        decimal number => number.ToString("0.0###########################", CultureInfo.InvariantCulture),
        _ => throw new NotSupportedException($"BulkWriter: no SQLite form for {value.GetType().Name}."),
    };

    /// <summary>A prepared SQLite statement on a connection's native handle that remembers what each
    /// parameter holds (values in <see cref="SqliteForm"/>), so a value already bound is not bound again.</summary>
    private sealed class SqliteStatement : IDisposable
    {
        private readonly SQLitePCL.sqlite3 _handle;
        private readonly SQLitePCL.sqlite3_stmt _statement;
        private readonly Dictionary<int, object?> _bound = [];

        public SqliteStatement(SQLitePCL.sqlite3 handle, string sql)
        {
            _handle = handle;
            Check(SQLitePCL.raw.sqlite3_prepare_v2(handle, sql, out _statement));
        }

        /// <summary>Binds <paramref name="row"/> (SQLite forms or values <see cref="SqliteForm"/> takes) to ?1..?n and runs the statement.</summary>
        public void Execute(object?[] row)
        {
            for (int c = 0; c < row.Length; c++) Bind(c + 1, SqliteForm(row[c]));
            Step();
        }

        public void Bind(int index, object? value)
        {
            if (_bound.TryGetValue(index, out var current) && Equals(current, value)) return;
            Check(value switch
            {
                null => SQLitePCL.raw.sqlite3_bind_null(_statement, index),
                long number => SQLitePCL.raw.sqlite3_bind_int64(_statement, index, number),
                int number => SQLitePCL.raw.sqlite3_bind_int(_statement, index, number),
                double number => SQLitePCL.raw.sqlite3_bind_double(_statement, index, number),
                string text => SQLitePCL.raw.sqlite3_bind_text(_statement, index, text),
                byte[] blob => SQLitePCL.raw.sqlite3_bind_blob(_statement, index, blob),
                _ => throw new NotSupportedException($"BulkWriter: no SQLite form for {value.GetType().Name}."),
            });
            _bound[index] = value;
        }

        public void BindUtf8(int index, ReadOnlySpan<byte> text)
        {
            Check(SQLitePCL.raw.sqlite3_bind_text(_statement, index, text));
            _bound.Remove(index);
        }

        public void Step()
        {
            int rc = SQLitePCL.raw.sqlite3_step(_statement);
            int reset = SQLitePCL.raw.sqlite3_reset(_statement);
            if (rc != SQLitePCL.raw.SQLITE_DONE) Check(rc);
            Check(reset);
        }

        public void Dispose() => _statement.Dispose();

        private void Check(int rc) => SqliteException.ThrowExceptionForRC(rc, _handle);
    }

    /// <summary>PostgreSQL: <c>COPY ... FROM STDIN (FORMAT BINARY)</c> on the context's connection, inside its
    /// open transaction (a failure, such as a duplicate key, aborts the copy and the transaction as an
    /// INSERT would). (Multi-row VALUES statements with a parameter per value: 17.9 s for a run over 100k
    /// users; with COPY 9-11 s.)</summary>
    private static async Task InsertPostgreSqlAsync(NpgsqlConnection connection, BulkTable table, List<object?[]> rows, CancellationToken cancellationToken)
    {
        var writers = table.Columns.Select(c => c.PostgreSqlWriter).ToArray();
        await using var copy = await connection.BeginBinaryImportAsync(
            $"COPY {table.Name} ({string.Join(", ", table.Columns.Select(c => c.Name))}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var row in rows)
        {
            await copy.StartRowAsync(cancellationToken);
            for (int c = 0; c < row.Length; c++)
            {
                if (row[c] is { } value) await writers[c](copy, value, cancellationToken);
                else await copy.WriteNullAsync(cancellationToken);
            }
        }
        await copy.CompleteAsync(cancellationToken);
    }

    /// <summary>Any other provider (SQL Server): multi-row VALUES statements of up to 100 rows (moderate
    /// statements prepare quickly everywhere and stay under SQL Server's 2,100 parameters).</summary>
    private static async Task InsertValuesAsync(DbContext db, BulkTable table, List<object?[]> rows, CancellationToken cancellationToken)
    {
        var columns = table.Columns;
        int rowsPerStatement = Math.Max(1, Math.Min(100, 2000 / columns.Length));
        string into = $"INSERT INTO {table.Name} ({string.Join(", ", columns.Select(c => c.Name))}) VALUES ";
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

        DbCommand Create(int rowCount) => CreateCommand(db, columns, rowCount, names => into + string.Join(", ",
            Enumerable.Range(0, rowCount).Select(r => "(" + string.Join(", ", names.Skip(r * columns.Length).Take(columns.Length)) + ")")));
    }

    /// <summary>A command in the context's transaction with a parameter per column and row, each configured
    /// by the column's type mapping; <paramref name="sql"/> gets the parameter names in order.</summary>
    private static DbCommand CreateCommand(DbContext db, BulkColumn[] columns, int rowCount, Func<object[], string> sql)
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        var names = new object[rowCount * columns.Length];
        for (int i = 0; i < names.Length; i++)
        {
            var column = columns[i % columns.Length];
            string name = "@p" + i.ToString(CultureInfo.InvariantCulture);
            command.Parameters.Add(column.Mapping.CreateParameter(command, name, null, column.Property.IsNullable));
            names[i] = name;
        }
        command.CommandText = sql(names);
        return command;
    }

    /// <summary>What the model says about one entity type's table, computed once per model.</summary>
    private sealed class BulkTable
    {
        private readonly Dictionary<string, BulkColumn> _byProperty;

        private BulkTable(IEntityType entity, ISqlGenerationHelper sql)
        {
            string table = entity.GetTableName() ?? throw new InvalidOperationException($"BulkWriter: {entity.DisplayName()} is not mapped to a table.");
            var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
            Name = sql.DelimitIdentifier(table, entity.GetSchema());
            var all = entity.GetProperties().Select(p => new BulkColumn(p, store, sql)).ToList();
            _byProperty = all.ToDictionary(c => c.Property.Name, StringComparer.Ordinal);
            // Store-generated columns (identity keys) are the database's to fill.
            Columns = all.Where(c => c.Property.ValueGenerated == ValueGenerated.Never).ToArray();
        }

        /// <summary>The delimited table name.</summary>
        public string Name { get; }

        /// <summary>The columns an insert writes.</summary>
        public BulkColumn[] Columns { get; }

        public BulkColumn Column(string property) => _byProperty.TryGetValue(property, out var column)
            ? column : throw new ArgumentException($"BulkWriter: {property} is not a mapped property of {Name}.", nameof(property));

        /// <summary>The provider values of <paramref name="columns"/> for each row.</summary>
        public List<object?[]> Read<T>(IReadOnlyList<T> rows, BulkColumn[] columns) where T : class
        {
            var values = new List<object?[]>(rows.Count);
            foreach (var row in rows)
            {
                var value = new object?[columns.Length];
                for (int c = 0; c < columns.Length; c++) value[c] = columns[c].Read(row);
                values.Add(value);
            }
            return values;
        }

        public static BulkTable Of(DbContext db, Type type) =>
            db.Model.GetOrAddRuntimeAnnotationValue("WorkflowDsl:BulkTable:" + type.FullName,
                static arg => new BulkTable(
                    arg.Db.Model.FindEntityType(arg.Type) ?? throw new InvalidOperationException($"BulkWriter: {arg.Type.Name} is not in the model."),
                    arg.Db.GetService<ISqlGenerationHelper>()),
                (Db: db, Type: type));
    }

    /// <summary>One column: its delimited name, its type mapping, and how to read a row's provider value.</summary>
    private sealed class BulkColumn
    {
        private readonly Func<object, object?> _read;

        public BulkColumn(IProperty property, StoreObjectIdentifier store, ISqlGenerationHelper sql)
        {
            if (property.IsShadowProperty())
                throw new NotSupportedException($"BulkWriter: {property.DeclaringType.DisplayName()}.{property.Name} is a shadow property; bulk writes read values from the entity.");
            Property = property;
            Name = sql.DelimitIdentifier(property.GetColumnName(store) ?? property.GetColumnName());
            Mapping = property.GetRelationalTypeMapping();
            _read = CompileReader(property, Mapping.Converter);
            PostgreSqlWriter = PostgreSql(property.GetColumnType(store) ?? Mapping.StoreType);
        }

        public IProperty Property { get; }

        public string Name { get; }

        public RelationalTypeMapping Mapping { get; }

        /// <summary>Writes a (non-null) provider value as the column's PostgreSQL store type.</summary>
        public Func<NpgsqlBinaryImporter, object, CancellationToken, Task> PostgreSqlWriter { get; }

        /// <summary>The row's value for this column as the provider stores it (after the property's value converter).</summary>
        public object? Read(object row) => _read(row);

        /// <summary>Compiles <c>row =&gt; (object?)convert(((TEntity)row).Property)</c>, the property's value
        /// converter inlined and a null passed through. (Through EF's generic getter and
        /// <c>ValueConverter.ConvertToProvider</c>, each value cost two delegate calls and a boxing more:
        /// reading 100k outbox rows took 150-300 ms instead of a few tens.)</summary>
        private static Func<object, object?> CompileReader(IProperty property, ValueConverter? converter)
        {
            var row = Expression.Parameter(typeof(object), "row");
            var member = property.GetMemberInfo(forMaterialization: false, forSet: false);
            Expression value = Expression.MakeMemberAccess(Expression.Convert(row, property.DeclaringType.ClrType), member);
            Expression result;
            if (converter is null)
            {
                result = Expression.Convert(value, typeof(object));
            }
            else
            {
                var local = Expression.Variable(value.Type, "value");
                Expression nonNull = Nullable.GetUnderlyingType(value.Type) is not null ? Expression.Property(local, "Value") : local;
                Expression converted = Expression.Convert(
                    Expression.Invoke(converter.ConvertToProviderExpression, Expression.Convert(nonNull, converter.ModelClrType)), typeof(object));
                result = value.Type.IsValueType && Nullable.GetUnderlyingType(value.Type) is null
                    ? Expression.Block([local], Expression.Assign(local, value), converted)
                    : Expression.Block([local], Expression.Assign(local, value),
                        Expression.Condition(Expression.Equal(local, Expression.Constant(null, value.Type)), Expression.Constant(null, typeof(object)), converted));
            }
            return Expression.Lambda<Func<object, object?>>(result, row).Compile();
        }

        // The CLR type Npgsql writes as the column's store type (typed writes let Npgsql resolve each
        // column's converter once per COPY; timestamps with time zone are UTC DateTimes).
        private static Func<NpgsqlBinaryImporter, object, CancellationToken, Task> PostgreSql(string storeType) =>
            Facets().Replace(storeType, "") switch
            {
                "smallint" => (copy, v, ct) => copy.WriteAsync(Convert.ToInt16(v, CultureInfo.InvariantCulture), ct),
                "integer" => (copy, v, ct) => copy.WriteAsync(Convert.ToInt32(v, CultureInfo.InvariantCulture), ct),
                "bigint" => (copy, v, ct) => copy.WriteAsync(Convert.ToInt64(v, CultureInfo.InvariantCulture), ct),
                "boolean" => (copy, v, ct) => copy.WriteAsync((bool)v, ct),
                "uuid" => (copy, v, ct) => copy.WriteAsync((Guid)v, ct),
                "timestamp with time zone" => (copy, v, ct) => copy.WriteAsync((DateTime)v, ct),
                "timestamp without time zone" => (copy, v, ct) => copy.WriteAsync((DateTime)v, NpgsqlDbType.Timestamp, ct),
                "date" => (copy, v, ct) => copy.WriteAsync((DateOnly)v, ct),
                "text" or "character varying" => (copy, v, ct) => copy.WriteAsync((string)v, ct),
                var other => (copy, v, ct) => copy.WriteAsync(v, other, ct),
            };
    }

    /// <summary>A store type's facets, such as the <c>(400)</c> of <c>character varying(400)</c>.</summary>
    [GeneratedRegex(@"\(\d+(,\s*\d+)?\)")]
    private static partial Regex Facets();
}

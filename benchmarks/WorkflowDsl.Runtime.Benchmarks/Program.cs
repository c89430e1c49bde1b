using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Npgsql;
using WorkflowDsl;
using WorkflowDsl.Runtime.Runs;
using WorkflowDsl.Runtime.Storage;

// One run of an Invitation workflow over N target users on SQLite, measured in a fresh process per
// measurement (so peak memory is the measurement's own), beside hand-written set-based SQL doing the
// same selection and inserts (the practical floor).
//   dotnet run -c Release --project benchmarks/WorkflowDsl.Runtime.Benchmarks -- 10000 100000
//   (child mode: engine|sql N). With WFDSL_BENCH_PG set to an Npgsql connection string (a user who may
//   create databases), the same two measurements run on PostgreSQL too (modes engine-pg|sql-pg).
// Child modes: {engine|sql}[-pg][-warm] N. "-warm" first does the same kind of work on a small
// database of its own (another file / database, another workflow id) in the same process, so JIT, EF's
// model and its compiled queries are warm, as in the long-lived host; then the measured run.
if (args.Length == 2 && args[0].StartsWith("engine", StringComparison.Ordinal) || args.Length == 2 && args[0].StartsWith("sql", StringComparison.Ordinal))
{
    string mode = args[0];
    int n = int.Parse(args[1]);
    bool engine = mode.StartsWith("engine", StringComparison.Ordinal);
    bool pgMode = mode.Contains("-pg", StringComparison.Ordinal);
    bool warm = mode.EndsWith("-warm", StringComparison.Ordinal);
    if (warm) await MeasureAsync(engine, pgMode, 1_000, "warmup");
    GC.Collect();
    var (seconds, cpu, planned) = await MeasureAsync(engine, pgMode, n, "bench");
    long peak = Process.GetCurrentProcess().PeakWorkingSet64;
    Console.WriteLine(FormattableString.Invariant($"{mode} {n} {seconds:F3} {peak / 1024 / 1024} {cpu:F3} {planned}"));
    return;
}

var sizes = args.Length > 0 ? args.Select(int.Parse).ToArray() : [10_000, 100_000];
// CPU ratio: this process's CPU time, engine / SQL (SQLite only: on PostgreSQL the SQL's work is in the server).
Console.WriteLine("| target users | engine cold (s) | SQL cold (s) | ratio cold | engine warm (s) | SQL warm (s) | ratio warm | CPU ratio warm | engine peak working set (MB) | SQL peak working set (MB) | messages planned |");
Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
bool pg = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("WFDSL_BENCH_PG"));
foreach (var (label, suffix) in pg ? new[] { ("SQLite", ""), ("PostgreSQL", "-pg") } : [("SQLite", "")])
foreach (int n in sizes)
{
    var engineCold = Child("engine" + suffix, n);
    var sqlCold = Child("sql" + suffix, n);
    var engineWarm = Child("engine" + suffix + "-warm", n);
    var sqlWarm = Child("sql" + suffix + "-warm", n);
    Console.WriteLine(FormattableString.Invariant(
        $"| {label} {n:N0} | {engineCold.Seconds:F2} | {sqlCold.Seconds:F2} | {engineCold.Seconds / sqlCold.Seconds:F1}x | {engineWarm.Seconds:F2} | {sqlWarm.Seconds:F2} | {engineWarm.Seconds / sqlWarm.Seconds:F1}x | {(suffix == "" ? (engineWarm.Cpu / sqlWarm.Cpu).ToString("F1", System.Globalization.CultureInfo.InvariantCulture) + "x" : "n/a")} | {Math.Max(engineCold.PeakMb, engineWarm.PeakMb)} | {Math.Max(sqlCold.PeakMb, sqlWarm.PeakMb)} | {engineCold.Planned:N0} / {engineWarm.Planned:N0} (SQL: {sqlCold.Planned:N0} / {sqlWarm.Planned:N0}) |"));
}

// One measurement: a fresh database with n users, then one engine run or the set-based SQL, timed
// (wall clock and this process's CPU time; the database work of PostgreSQL runs in its server, so its
// CPU time is not in the figure).
static async Task<(double Seconds, double Cpu, int Planned)> MeasureAsync(bool engine, bool pg, int n, string workflowId)
{
    var now = new DateTime(2026, 3, 2, 8, 0, 0, DateTimeKind.Utc);
    var plan = Workflow.Invitation("Bench", Channel.Email).ForContents("C1").TargetGroup(t => t.Assignees(Assignment.Mandatory)).Build(workflowId);
    string name = $"{(engine ? "engine" : "sql")}_{workflowId}_{n}_{Environment.ProcessId}";
    string? path = null;
    string? cs = null;
    WorkflowDatabase database;
    if (pg)
    {
        cs = Environment.GetEnvironmentVariable("WFDSL_BENCH_PG")! + ";Database=bench_" + name;
        database = WorkflowDatabase.PostgreSql(cs);
        await database.MigrateAsync();
        await SeedPg(cs, n, now);
    }
    else
    {
        path = Path.Combine(Path.GetTempPath(), $"wfdsl-bench-{name}.db");
        database = WorkflowDatabase.Sqlite(path);
        await database.MigrateAsync();
        Seed(path, n, now);
    }
    GC.Collect();
    var process = Process.GetCurrentProcess();
    var cpuBefore = process.TotalProcessorTime;
    var watch = Stopwatch.StartNew();
    int planned = engine
        ? (await new RunEngine(database, new FixedClock(now), Options()).RunNowAsync(plan, "bench")).UserMessages
        : pg ? await SetBasedPg(cs!, workflowId, now) : SetBased(path!, workflowId, now);
    watch.Stop();
    process.Refresh();
    double cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
    if (path is not null && Environment.GetEnvironmentVariable("WFDSL_BENCH_KEEP") is null)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(path + suffix);
    }
    return (watch.Elapsed.TotalSeconds, cpu, planned);
}

// The engine's options: the defaults, or another page size from WFDSL_BENCH_PAGE_SIZE (for experiments).
static RunOptions Options() =>
    int.TryParse(Environment.GetEnvironmentVariable("WFDSL_BENCH_PAGE_SIZE"), out int pageSize) ? new RunOptions { PageSize = pageSize } : new RunOptions();

static (double Seconds, long PeakMb, double Cpu, int Planned) Child(string mode, int n)
{
    var info = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true };
    if (!Environment.ProcessPath!.EndsWith("WorkflowDsl.Runtime.Benchmarks", StringComparison.Ordinal)) info.ArgumentList.Add(typeof(FixedClock).Assembly.Location);
    info.ArgumentList.Add(mode);
    info.ArgumentList.Add(n.ToString(System.Globalization.CultureInfo.InvariantCulture));
    using var process = Process.Start(info)!;
    string line = process.StandardOutput.ReadToEnd().Trim().Split('\n').Last();
    process.WaitForExit();
    var parts = line.Split(' ');
    var invariant = System.Globalization.CultureInfo.InvariantCulture;
    return (double.Parse(parts[2], invariant), long.Parse(parts[3], invariant), double.Parse(parts[4], invariant), int.Parse(parts[5], invariant));
}

// N users, all assigned C1 as mandatory, 10% with an active completion, 2% inactive: the group is ~88%.
static void Seed(string path, int n, DateTime now)
{
    using var connection = new SqliteConnection($"Data Source={path}");
    connection.Open();
    using var command = connection.CreateCommand();
    command.CommandText = """
        INSERT INTO contents (Id, Title, Link) VALUES ('C1', 'Course', 'https://learn.example/c1');
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $n)
        INSERT INTO users (Id, FirstName, LastName, Email, Locale, IsActive, ManagerId, OrgUnitPath)
        SELECT printf('u%07d', i), 'First', 'Last', printf('u%07d@example.com', i), 'en', i % 50 <> 0, printf('u%07d', (i / 20) * 20 + 1), '/root/' FROM n;
        INSERT INTO assignments (UserId, ContentId, Kind) SELECT Id, 'C1', 1 FROM users;
        INSERT INTO completions (UserId, ContentId, CompletedAt, ExpiresAt) SELECT Id, 'C1', $done, NULL FROM users WHERE CAST(substr(Id, 2) AS INTEGER) % 10 = 0;
        """;
    command.Parameters.AddWithValue("$n", n);
    command.Parameters.AddWithValue("$done", now.AddDays(-3));
    command.ExecuteNonQuery();
}

// The same selection (assigned mandatory, no active completion, active, not seen before) and the same
// rows (progress + one outbox row per user), in one transaction.
static int SetBased(string path, string workflowId, DateTime now)
{
    using var connection = new SqliteConnection($"Data Source={path}");
    connection.Open();
    using var transaction = connection.BeginTransaction();
    using var command = connection.CreateCommand();
    command.Transaction = transaction;
    command.CommandText = """
        INSERT INTO user_progress (WorkflowId, UserId, StepKey, PassedStepKey, StepIndex, LastSentAt, RepeatsDone, Finished, Completed, FirstSeenAt, UpdatedAt)
        SELECT $wf, u.Id, NULL, 'invite', 1, $now, 0, 1, 0, $now, $now FROM users u
        WHERE EXISTS (SELECT 1 FROM assignments a WHERE a.UserId = u.Id AND a.ContentId = 'C1' AND a.Kind = 1)
          AND (SELECT COUNT(*) FROM completions c WHERE c.UserId = u.Id AND c.ContentId = 'C1' AND (c.ExpiresAt IS NULL OR c.ExpiresAt > $now)) <> 1
          AND u.IsActive
          AND NOT EXISTS (SELECT 1 FROM user_progress p WHERE p.WorkflowId = $wf AND p.UserId = u.Id);
        INSERT INTO outbox (WorkflowId, RunId, RecipientKind, RecipientId, StepKey, Repeat, Batch, TemplateId, Channels, SkippedChannels, CreatedAt, ListedUsers)
        SELECT $wf, $run, 0, p.UserId, 'invite', 0, '', 'invitation', CASE WHEN u.Email LIKE '_%@_%' THEN 1 ELSE 0 END, CASE WHEN u.Email LIKE '_%@_%' THEN 0 ELSE 1 END, $now, 0
        FROM user_progress p JOIN users u ON u.Id = p.UserId WHERE p.WorkflowId = $wf AND p.FirstSeenAt = $now;
        SELECT changes();
        """;
    command.Parameters.AddWithValue("$now", now);
    command.Parameters.AddWithValue("$wf", workflowId);
    command.Parameters.AddWithValue("$run", Guid.NewGuid().ToString().ToUpperInvariant());
    int planned = Convert.ToInt32(command.ExecuteScalar());
    transaction.Commit();
    return planned;
}

static async Task SeedPg(string cs, int n, DateTime now)
{
    await using var connection = new NpgsqlConnection(cs);
    await connection.OpenAsync();
    await using var command = new NpgsqlCommand("""
        INSERT INTO contents ("Id", "Title", "Link") VALUES ('C1', 'Course', 'https://learn.example/c1');
        INSERT INTO users ("Id", "FirstName", "LastName", "Email", "Locale", "IsActive", "ManagerId", "OrgUnitPath")
        SELECT 'u' || lpad(i::text, 7, '0'), 'First', 'Last', 'u' || lpad(i::text, 7, '0') || '@example.com', 'en', i % 50 <> 0,
               'u' || lpad(((i / 20) * 20 + 1)::text, 7, '0'), '/root/' FROM generate_series(1, @n) i;
        INSERT INTO assignments ("UserId", "ContentId", "Kind") SELECT "Id", 'C1', 1 FROM users;
        INSERT INTO completions ("UserId", "ContentId", "CompletedAt", "ExpiresAt") SELECT "Id", 'C1', @done, NULL FROM users WHERE substr("Id", 2)::int % 10 = 0;
        ANALYZE;
        """, connection);
    command.Parameters.AddWithValue("n", n);
    command.Parameters.AddWithValue("done", now.AddDays(-3));
    await command.ExecuteNonQueryAsync();
}

// PostgreSQL: the same selection and rows as one statement the planner can do set-based: hash
// anti-joins against the completions (at most one row per user and content: "not exactly one active
// completion" is "no active completion") and the workflow's progress, the progress rows' RETURNING
// feeding the outbox insert (statistics are fresh: the seed ends with ANALYZE). The earlier form, a
// correlated COUNT(*) and a NOT EXISTS on the table being inserted into in two statements, got a
// nested-loop plan that took 141 s at 100k.
static async Task<int> SetBasedPg(string cs, string workflowId, DateTime now)
{
    await using var connection = new NpgsqlConnection(cs);
    await connection.OpenAsync();
    await using var transaction = await connection.BeginTransactionAsync();
    await using var command = new NpgsqlCommand("""
        WITH targets AS (
            SELECT u."Id", u."Email" FROM users u
            WHERE u."IsActive"
              AND EXISTS (SELECT 1 FROM assignments a WHERE a."UserId" = u."Id" AND a."ContentId" = 'C1' AND a."Kind" = 1)
              AND NOT EXISTS (SELECT 1 FROM completions c WHERE c."UserId" = u."Id" AND c."ContentId" = 'C1' AND (c."ExpiresAt" IS NULL OR c."ExpiresAt" > @now))
              AND NOT EXISTS (SELECT 1 FROM user_progress p WHERE p."WorkflowId" = @wf AND p."UserId" = u."Id")),
        progress AS (
            INSERT INTO user_progress ("WorkflowId", "UserId", "StepKey", "PassedStepKey", "StepIndex", "LastSentAt", "RepeatsDone", "Finished", "Completed", "FirstSeenAt", "UpdatedAt")
            SELECT @wf, t."Id", NULL, 'invite', 1, @now, 0, true, false, @now, @now FROM targets t
            RETURNING "UserId")
        INSERT INTO outbox ("WorkflowId", "RunId", "RecipientKind", "RecipientId", "StepKey", "Repeat", "Batch", "TemplateId", "Channels", "SkippedChannels", "CreatedAt", "ListedUsers")
        SELECT @wf, @run, 0, t."Id", 'invite', 0, '', 'invitation', CASE WHEN t."Email" LIKE '_%@_%' THEN 1 ELSE 0 END, CASE WHEN t."Email" LIKE '_%@_%' THEN 0 ELSE 1 END, @now, 0
        FROM targets t JOIN progress p ON p."UserId" = t."Id";
        """, connection, transaction);
    command.Parameters.AddWithValue("now", now);
    command.Parameters.AddWithValue("wf", workflowId);
    command.Parameters.AddWithValue("run", Guid.NewGuid());
    int planned = await command.ExecuteNonQueryAsync();
    await transaction.CommitAsync();
    return planned;
}

internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}

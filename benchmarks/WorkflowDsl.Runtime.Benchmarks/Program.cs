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
var now = new DateTime(2026, 3, 2, 8, 0, 0, DateTimeKind.Utc);
if (args.Length == 2 && args[0] is "engine-pg" or "sql-pg")
{
    int n = int.Parse(args[1]);
    string cs = Environment.GetEnvironmentVariable("WFDSL_BENCH_PG")! + $";Database=bench_{args[0].Replace('-', '_')}_{n}_{Environment.ProcessId}";
    var database = WorkflowDatabase.PostgreSql(cs);
    await database.MigrateAsync();
    await SeedPg(cs, n, now);
    var plan = Workflow.Invitation("Bench", Channel.Email).ForContents("C1").TargetGroup(t => t.Assignees(Assignment.Mandatory)).Build("bench");
    GC.Collect();
    var watch = Stopwatch.StartNew();
    int planned = args[0] == "engine-pg"
        ? (await new RunEngine(database, new FixedClock(now)).RunNowAsync(plan, "bench")).UserMessages
        : await SetBasedPg(cs, now);
    watch.Stop();
    long peak = Process.GetCurrentProcess().PeakWorkingSet64;
    Console.WriteLine($"{args[0]} {n} {watch.Elapsed.TotalSeconds:F2} {peak / 1024 / 1024} 0 {planned}");
    return;
}
if (args.Length == 2 && args[0] is "engine" or "sql")
{
    int n = int.Parse(args[1]);
    string path = Path.Combine(Path.GetTempPath(), $"wfdsl-bench-{args[0]}-{n}-{Environment.ProcessId}.db");
    var database = WorkflowDatabase.Sqlite(path);
    await database.MigrateAsync();
    Seed(path, n, now);
    var plan = Workflow.Invitation("Bench", Channel.Email).ForContents("C1").TargetGroup(t => t.Assignees(Assignment.Mandatory)).Build("bench");
    GC.Collect();
    long before = Process.GetCurrentProcess().PeakWorkingSet64;
    var watch = Stopwatch.StartNew();
    int planned;
    if (args[0] == "engine")
    {
        var engine = new RunEngine(database, new FixedClock(now));
        var report = await engine.RunNowAsync(plan, "bench");
        planned = report.UserMessages;
    }
    else
    {
        planned = SetBased(path, now);
    }
    watch.Stop();
    long peak = Process.GetCurrentProcess().PeakWorkingSet64;
    Console.WriteLine($"{args[0]} {n} {watch.Elapsed.TotalSeconds:F2} {peak / 1024 / 1024} {before / 1024 / 1024} {planned}");
    foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(path + suffix);
    return;
}

var sizes = args.Length > 0 ? args.Select(int.Parse).ToArray() : [10_000, 100_000];
Console.WriteLine("| target users | engine (s) | set-based SQL (s) | ratio | engine peak working set (MB) | SQL peak working set (MB) | messages planned |");
Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
bool pg = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("WFDSL_BENCH_PG"));
foreach (var (label, engineMode, sqlMode) in pg ? new[] { ("SQLite", "engine", "sql"), ("PostgreSQL", "engine-pg", "sql-pg") } : [("SQLite", "engine", "sql")])
foreach (int n in sizes)
{
    var engine = Child(engineMode, n);
    var sql = Child(sqlMode, n);
    Console.WriteLine($"| {label} {n:N0} | {engine.Seconds:F2} | {sql.Seconds:F2} | {engine.Seconds / sql.Seconds:F1}x | {engine.PeakMb} | {sql.PeakMb} | {engine.Planned:N0} (SQL: {sql.Planned:N0}) |");
}

static (double Seconds, long PeakMb, int Planned) Child(string mode, int n)
{
    var info = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true };
    if (!Environment.ProcessPath!.EndsWith("WorkflowDsl.Runtime.Benchmarks", StringComparison.Ordinal)) info.ArgumentList.Add(typeof(FixedClock).Assembly.Location);
    info.ArgumentList.Add(mode);
    info.ArgumentList.Add(n.ToString());
    using var process = Process.Start(info)!;
    string line = process.StandardOutput.ReadToEnd().Trim().Split('\n').Last();
    process.WaitForExit();
    var parts = line.Split(' ');
    return (double.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture), long.Parse(parts[3]), int.Parse(parts[5]));
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
static int SetBased(string path, DateTime now)
{
    using var connection = new SqliteConnection($"Data Source={path}");
    connection.Open();
    using var transaction = connection.BeginTransaction();
    using var command = connection.CreateCommand();
    command.Transaction = transaction;
    command.CommandText = """
        INSERT INTO user_progress (WorkflowId, UserId, StepKey, PassedStepKey, StepIndex, LastSentAt, RepeatsDone, Finished, Completed, FirstSeenAt, UpdatedAt)
        SELECT 'bench', u.Id, NULL, 'invite', 1, $now, 0, 1, 0, $now, $now FROM users u
        WHERE EXISTS (SELECT 1 FROM assignments a WHERE a.UserId = u.Id AND a.ContentId = 'C1' AND a.Kind = 1)
          AND (SELECT COUNT(*) FROM completions c WHERE c.UserId = u.Id AND c.ContentId = 'C1' AND (c.ExpiresAt IS NULL OR c.ExpiresAt > $now)) <> 1
          AND u.IsActive
          AND NOT EXISTS (SELECT 1 FROM user_progress p WHERE p.WorkflowId = 'bench' AND p.UserId = u.Id);
        INSERT INTO outbox (WorkflowId, RunId, RecipientKind, RecipientId, StepKey, Repeat, Batch, TemplateId, Channels, SkippedChannels, CreatedAt, ListedUsers)
        SELECT 'bench', $run, 0, p.UserId, 'invite', 0, '', 'invitation', CASE WHEN u.Email LIKE '_%@_%' THEN 1 ELSE 0 END, CASE WHEN u.Email LIKE '_%@_%' THEN 0 ELSE 1 END, $now, 0
        FROM user_progress p JOIN users u ON u.Id = p.UserId WHERE p.WorkflowId = 'bench' AND p.FirstSeenAt = $now;
        SELECT changes();
        """;
    command.Parameters.AddWithValue("$now", now);
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

static async Task<int> SetBasedPg(string cs, DateTime now)
{
    await using var connection = new NpgsqlConnection(cs);
    await connection.OpenAsync();
    await using var transaction = await connection.BeginTransactionAsync();
    await using var command = new NpgsqlCommand("""
        INSERT INTO user_progress ("WorkflowId", "UserId", "StepKey", "PassedStepKey", "StepIndex", "LastSentAt", "RepeatsDone", "Finished", "Completed", "FirstSeenAt", "UpdatedAt")
        SELECT 'bench', u."Id", NULL, 'invite', 1, @now, 0, true, false, @now, @now FROM users u
        WHERE EXISTS (SELECT 1 FROM assignments a WHERE a."UserId" = u."Id" AND a."ContentId" = 'C1' AND a."Kind" = 1)
          AND (SELECT COUNT(*) FROM completions c WHERE c."UserId" = u."Id" AND c."ContentId" = 'C1' AND (c."ExpiresAt" IS NULL OR c."ExpiresAt" > @now)) <> 1
          AND u."IsActive"
          AND NOT EXISTS (SELECT 1 FROM user_progress p WHERE p."WorkflowId" = 'bench' AND p."UserId" = u."Id");
        """, connection, transaction);
    command.Parameters.AddWithValue("now", now);
    await command.ExecuteNonQueryAsync();
    await using var outbox = new NpgsqlCommand("""
        INSERT INTO outbox ("WorkflowId", "RunId", "RecipientKind", "RecipientId", "StepKey", "Repeat", "Batch", "TemplateId", "Channels", "SkippedChannels", "CreatedAt", "ListedUsers")
        SELECT 'bench', @run, 0, p."UserId", 'invite', 0, '', 'invitation', CASE WHEN u."Email" LIKE '_%@_%' THEN 1 ELSE 0 END, CASE WHEN u."Email" LIKE '_%@_%' THEN 0 ELSE 1 END, @now, 0
        FROM user_progress p JOIN users u ON u."Id" = p."UserId" WHERE p."WorkflowId" = 'bench' AND p."FirstSeenAt" = @now;
        """, connection, transaction);
    outbox.Parameters.AddWithValue("now", now);
    outbox.Parameters.AddWithValue("run", Guid.NewGuid());
    int planned = await outbox.ExecuteNonQueryAsync();
    await transaction.CommitAsync();
    return planned;
}

internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}

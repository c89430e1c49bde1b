using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using WorkflowDsl.Runtime.Runs;
using WorkflowDsl.Runtime.Storage;

namespace WorkflowDsl.CrashHost;

/// <summary>Where the host stops a run (and blocks until it is killed).</summary>
public enum StopPoint
{
    /// <summary>The run holds the lock and is Running; no user is processed yet.</summary>
    LockTaken,
    /// <summary>In the per-user pass: two pages written to the open transaction, more to come.</summary>
    MidPass,
    /// <summary>Everything written; the transaction is about to commit.</summary>
    BeforeCommit,
    /// <summary>The run committed; its lock is not released yet.</summary>
    AfterCommit,
}

/// <summary>The workflow the host runs, shared with the tests that kill it.</summary>
public static class KilledRunWorkflow
{
    /// <summary>Users per page: a run over <see cref="Users"/> users writes three pages.</summary>
    public const int PageSize = 100;

    /// <summary>The users the tests import (u000..u299, their manager 'boss' outside the target group).</summary>
    public const int Users = 300;

    /// <summary>An email invitation to every user of C1 but 'boss', and one digest to each user's manager.</summary>
    public static Plan.WorkflowPlan Plan { get; } = Workflow.Named("Killed").ForContents("C1")
        .TargetGroup(t => t.ExcludingUsers("boss"))
        .Invite(Channel.Email).RemindManager(Channel.Email).Build("killed");
}

/// <summary><c>dotnet WorkflowDsl.CrashHost.dll &lt;sqlite|postgresql&gt; &lt;connection string&gt; &lt;now, ISO 8601&gt;
/// &lt;stop point&gt; &lt;marker file&gt;</c>: runs <see cref="KilledRunWorkflow.Plan"/> once (a manual run, by
/// "crash-host") on a fake clock standing at "now" (so the lease's heartbeat never beats); at the stop point it
/// writes the marker file and blocks forever, for the test to kill it there. Exit 2 on bad arguments; exit 3
/// when the run ended without reaching the stop point.</summary>
public static class Program
{
    /// <summary>Entry point.</summary>
    public static async Task<int> Main(string[] args)
    {
        if (args.Length != 5
            || !Enum.TryParse<StopPoint>(args[3], ignoreCase: true, out var stop)
            || !DateTimeOffset.TryParse(args[2], CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var now))
        {
            await Console.Error.WriteLineAsync("usage: WorkflowDsl.CrashHost <sqlite|postgresql> <connection string> <now, ISO 8601> <LockTaken|MidPass|BeforeCommit|AfterCommit> <marker file>");
            return 2;
        }
        var database = args[0].ToLowerInvariant() switch
        {
            "sqlite" => WorkflowDatabase.Sqlite(new SqliteConnectionStringBuilder(args[1]).DataSource),
            "postgresql" => WorkflowDatabase.PostgreSql(args[1]),
            _ => null,
        };
        if (database is null)
        {
            await Console.Error.WriteLineAsync($"unknown provider '{args[0]}': sqlite or postgresql");
            return 2;
        }
        string marker = args[4];

        int pages = 0;
        var options = new RunOptions
        {
            PageSize = KilledRunWorkflow.PageSize,
            OnLockTaken = () => stop == StopPoint.LockTaken ? StopHereAsync(marker, stop) : Task.CompletedTask,
            OnRunPoint = point => point switch
            {
                RunPoint.AfterPage when stop == StopPoint.MidPass && ++pages == 2 => StopHereAsync(marker, stop),
                RunPoint.BeforeCommit when stop == StopPoint.BeforeCommit => StopHereAsync(marker, stop),
                RunPoint.AfterCommit when stop == StopPoint.AfterCommit => StopHereAsync(marker, stop),
                _ => Task.CompletedTask,
            },
        };
        var engine = new RunEngine(database, new FakeTimeProvider(now), options);
        var report = await engine.RunNowAsync(KilledRunWorkflow.Plan, "crash-host");
        await Console.Error.WriteLineAsync($"the run ended ({report.Outcome}, {report.UserMessages} user messages) without reaching {stop}");
        return 3;
    }

    // Written whole under another name and moved, so the test never sees half a marker; then wait to be killed.
    private static async Task StopHereAsync(string marker, StopPoint stop)
    {
        string temporary = marker + ".tmp";
        await File.WriteAllTextAsync(temporary, $"{stop} {Environment.ProcessId}");
        File.Move(temporary, marker);
        await Task.Delay(Timeout.Infinite);
    }
}

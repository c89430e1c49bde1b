using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using WorkflowDsl.CrashHost;
using WorkflowDsl.Runtime.Runs;
using WorkflowDsl.Runtime.Storage;
using static WorkflowDsl.Runtime.Tests.Infrastructure.Scenario;

namespace WorkflowDsl.Runtime.Tests;

/// <summary>Issue 13 items 1 and 2 with a real process: <c>dotnet WorkflowDsl.CrashHost.dll</c> runs the workflow
/// <see cref="KilledRunWorkflow.Plan"/> over 300 users (pages of 100) on this test's database, stops at a
/// <see cref="StopPoint"/> (it writes a marker file there and blocks) and is killed there with SIGKILL. Then, in this
/// process: a new run is refused while the lease lasts; expiring leases before the lease's end does nothing; after
/// it, the run is Interrupted (or, killed after its commit, kept Completed) and the lock released; the next run
/// leaves every one of the 300 users exactly one invitation and 'boss' one digest listing 300, whichever run planned
/// them. The child's clock is a fake one standing at day 0, so its heartbeat never beats; this process's clock
/// is moved past the lease by hand.</summary>
public abstract class KilledRunTests(StoreKind store)
{
    private const string Id = "killed";
    private static readonly TimeSpan Lease = new RunOptions().LockTimeout;
    private static readonly string[] UserIds = Enumerable.Range(0, KilledRunWorkflow.Users).Select(i => $"u{i:D3}").ToArray();

    private async Task<Scenario> ArrangeAsync()
    {
        var s = await Scenario.CreateAsync(store, new RunOptions { PageSize = KilledRunWorkflow.PageSize });
        await s.ImportUsersAsync(["C1"], UserIds.Select(id => User(id, manager: "boss")).Append(User("boss")).ToArray());
        return s;
    }

    /// <summary>Starts the crash host on <paramref name="s"/>'s database at its clock's time, waits (at most 60 s) for
    /// it to reach <paramref name="stop"/>, kills it with SIGKILL and waits for it to end. Returns the killed run's id.</summary>
    private async Task<Guid> KillAtAsync(Scenario s, StopPoint stop)
    {
        string folder = Path.Combine(Path.GetTempPath(), "wfdsl-killed-runs", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(folder);
        string marker = Path.Combine(folder, "stopped");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "WorkflowDsl.CrashHost.dll"));
        start.ArgumentList.Add(store == StoreKind.Sqlite ? "sqlite" : "postgresql");
        start.ArgumentList.Add(s.Database.ConnectionString);
        start.ArgumentList.Add(s.Clock.GetUtcNow().ToString("O"));
        start.ArgumentList.Add(stop.ToString());
        start.ArgumentList.Add(marker);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        try
        {
            var waited = Stopwatch.StartNew();
            while (!File.Exists(marker))
            {
                if (process.HasExited)
                {
                    await process.WaitForExitAsync();
                    Assert.Fail($"the crash host exited ({process.ExitCode}) before reaching {stop}: {await errors}{await output}");
                }
                if (waited.Elapsed > TimeSpan.FromSeconds(60))
                    Assert.Fail($"the crash host did not reach {stop} within 60 s");
                await Task.Delay(25);
            }
            Assert.Equal($"{stop} {process.Id}", await File.ReadAllTextAsync(marker));

            process.Kill(entireProcessTree: true);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(timeout.Token);
            // 128 + 9: ended by SIGKILL, not by anything it did itself.
            Assert.Equal(137, process.ExitCode);
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            try { System.IO.Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
        await using var db = s.Database.CreateContext();
        var run = await db.Runs.AsNoTracking().SingleAsync();
        Assert.Equal(("crash-host", s.Now), (run.StartedBy, run.StartedAt));
        return run.Id;
    }

    private static async Task<RunRecord> RunRecordAsync(Scenario s, Guid runId)
    {
        await using var db = s.Database.CreateContext();
        return await db.Runs.AsNoTracking().SingleAsync(r => r.Id == runId);
    }

    /// <summary>(a) and (b): while the lease lasts (from day 0 to 1 s before its end) the killed run holds the lock:
    /// a new run is refused as busy and expiring leases releases nothing.</summary>
    private static async Task StillHeldWhileTheLeaseLastsAsync(Scenario s, Guid killed)
    {
        var busy = await Assert.ThrowsAsync<WorkflowBusyException>(() => s.RunAsync(KilledRunWorkflow.Plan));
        Assert.Equal(killed, busy.RunningRunId);

        s.Clock.Advance(Lease - TimeSpan.FromSeconds(1));
        Assert.Empty(await s.Engine.ReleaseExpiredLocksAsync());
        Assert.Equal((WorkflowStatus.Running, killed), await LockAsync(s));
        busy = await Assert.ThrowsAsync<WorkflowBusyException>(() => s.RunAsync(KilledRunWorkflow.Plan));
        Assert.Equal(killed, busy.RunningRunId);
    }

    private static async Task<(WorkflowStatus, Guid?)> LockAsync(Scenario s)
    {
        var record = await s.RecordAsync(Id);
        return (record.Status, record.LockRunId);
    }

    /// <summary>(d), worked out from the directory alone: each of the 300 users has exactly one outbox row (the
    /// invitation), 'boss' exactly one (the digest, listing all 300), nobody else any; every user's progress once.</summary>
    private static async Task EveryoneExactlyOnceAsync(Scenario s)
    {
        var outbox = await s.OutboxAsync(Id);
        var perUser = outbox.Where(m => m.RecipientKind == Recipient.User).GroupBy(m => m.RecipientId).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(UserIds, perUser.Keys.Order(StringComparer.Ordinal));
        Assert.All(perUser, p => Assert.Equal(1, p.Value));
        var digest = Assert.Single(outbox, m => m.RecipientKind != Recipient.User);
        Assert.Equal(("boss", KilledRunWorkflow.Users), (digest.RecipientId, digest.ListedUsers));
        Assert.Equal(KilledRunWorkflow.Users + 1, outbox.Count);
        Assert.Equal(UserIds, (await s.ProgressAsync(Id)).Select(p => p.UserId).Order(StringComparer.Ordinal));
    }

    private async Task KilledBeforeItsCommitAsync(StopPoint stop)
    {
        var s = await ArrangeAsync();
        var killed = await KillAtAsync(s, stop);

        // Killed with nothing committed but the run's start: the run in progress holds the lock, Running.
        Assert.Empty(await s.OutboxAsync());
        Assert.Empty(await s.ProgressAsync(Id));
        Assert.Equal(RunOutcome.InProgress, (await RunRecordAsync(s, killed)).Outcome);
        Assert.Equal((WorkflowStatus.Running, killed), await LockAsync(s));

        await StillHeldWhileTheLeaseLastsAsync(s, killed);

        // (c) 1 s past the lease: Interrupted, the lock released, the workflow Stopped.
        s.Clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal([Id], await s.Engine.ReleaseExpiredLocksAsync());
        var run = await RunRecordAsync(s, killed);
        Assert.Equal((RunOutcome.Interrupted, s.Now), (run.Outcome, run.FinishedAt));
        Assert.StartsWith($"WFRUN007: interrupted: its lease expired (no heartbeat for {Lease.TotalSeconds:0} s", run.Notes);
        Assert.Equal((WorkflowStatus.Stopped, (Guid?)null), await LockAsync(s));

        // (d) The next run plans everything, once.
        var next = await s.RunAsync(KilledRunWorkflow.Plan);
        Assert.Equal((RunOutcome.Completed, KilledRunWorkflow.Users, 1), (next.Outcome, next.UserMessages, next.DigestMessages));
        await EveryoneExactlyOnceAsync(s);
        Assert.All(await s.OutboxAsync(Id), m => Assert.Equal(next.RunId, m.RunId));
        Assert.Equal((WorkflowStatus.Stopped, (Guid?)null), await LockAsync(s));
    }

    [StoreFact]
    public Task Killed_right_after_taking_the_lock_the_run_is_interrupted_when_its_lease_expires_and_the_next_run_plans_everyone_once() =>
        KilledBeforeItsCommitAsync(StopPoint.LockTaken);

    [StoreFact]
    public Task Killed_in_the_middle_of_the_user_pass_the_run_is_interrupted_when_its_lease_expires_and_the_next_run_plans_everyone_once() =>
        KilledBeforeItsCommitAsync(StopPoint.MidPass);

    [StoreFact]
    public Task Killed_just_before_the_commit_the_run_is_interrupted_when_its_lease_expires_and_the_next_run_plans_everyone_once() =>
        KilledBeforeItsCommitAsync(StopPoint.BeforeCommit);

    [StoreFact]
    public async Task Killed_after_the_commit_before_the_lock_is_released_the_run_is_kept_the_lease_expiry_stops_the_workflow_and_the_next_run_plans_nothing()
    {
        var s = await ArrangeAsync();
        var killed = await KillAtAsync(s, StopPoint.AfterCommit);

        // Item 2: the run committed (Completed, its 301 messages kept) but never released its lock: the workflow is still Running.
        Assert.Equal(RunOutcome.Completed, (await RunRecordAsync(s, killed)).Outcome);
        await EveryoneExactlyOnceAsync(s);
        Assert.Equal((WorkflowStatus.Running, killed), await LockAsync(s));

        await StillHeldWhileTheLeaseLastsAsync(s, killed);

        // (c) Past the lease the same expiry repairs it: the lock released, the workflow Stopped, the run stays Completed.
        s.Clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal([Id], await s.Engine.ReleaseExpiredLocksAsync());
        var run = await RunRecordAsync(s, killed);
        Assert.Equal((RunOutcome.Completed, ""), (run.Outcome, run.Notes));
        Assert.Equal((WorkflowStatus.Stopped, (Guid?)null), await LockAsync(s));

        // (d) The next run plans nothing new: every message is the killed run's, once.
        var next = await s.RunAsync(KilledRunWorkflow.Plan);
        Assert.Equal((RunOutcome.Completed, 0, 0), (next.Outcome, next.UserMessages, next.DigestMessages));
        await EveryoneExactlyOnceAsync(s);
        Assert.All(await s.OutboxAsync(Id), m => Assert.Equal(killed, m.RunId));
    }

    [StoreFact]
    public async Task Killed_in_the_middle_an_administrator_releases_the_lock_before_the_lease_expires_the_run_records_who_and_why_and_the_next_run_plans_everyone_once()
    {
        var s = await ArrangeAsync();
        var killed = await KillAtAsync(s, StopPoint.MidPass);

        // The lease has not expired: expiry releases nothing, the administrator's release does.
        Assert.Empty(await s.Engine.ReleaseExpiredLocksAsync());
        var released = await s.Engine.ReleaseLockAsync(KilledRunWorkflow.Plan, "admin-alice", "its process was killed (SIGKILL)");
        var again = await s.Engine.ReleaseLockAsync(KilledRunWorkflow.Plan, "admin-bob", "twice");

        Assert.Equal(killed, released);
        Assert.Null(again);
        var run = await RunRecordAsync(s, killed);
        Assert.Equal((RunOutcome.Interrupted, s.Now), (run.Outcome, run.FinishedAt));
        Assert.Equal($"WFRUN006: interrupted: admin-alice released the run lock at {s.Now:yyyy-MM-dd HH:mm:ss} UTC: its process was killed (SIGKILL)", run.Notes);
        Assert.Equal((WorkflowStatus.Stopped, (Guid?)null), await LockAsync(s));
        Assert.Empty(await s.OutboxAsync());

        var next = await s.RunAsync(KilledRunWorkflow.Plan);
        Assert.Equal((RunOutcome.Completed, KilledRunWorkflow.Users, 1), (next.Outcome, next.UserMessages, next.DigestMessages));
        await EveryoneExactlyOnceAsync(s);
    }
}

public sealed class KilledRunOnSqlite() : KilledRunTests(StoreKind.Sqlite);

public sealed class KilledRunOnPostgres() : KilledRunTests(StoreKind.PostgreSql), IPostgresTests;

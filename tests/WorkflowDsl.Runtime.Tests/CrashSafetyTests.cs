using WorkflowDsl.Runtime.Runs;
using WorkflowDsl.Runtime.Storage;
using static WorkflowDsl.Runtime.Tests.Infrastructure.Scenario;

namespace WorkflowDsl.Runtime.Tests;

/// <summary>A run interrupted at any point leaves the whole run or none of it; the next run plans each message exactly once.</summary>
public abstract class CrashSafetyTests(StoreKind store)
{
    private sealed class InjectedCrash : Exception;

    private async Task<(Scenario Scenario, WorkflowDsl.Plan.WorkflowPlan Plan)> ArrangeAsync()
    {
        var s = await Scenario.CreateAsync(store, new RunOptions { PageSize = 3 });
        var users = Enumerable.Range(0, 10).Select(i => User($"u{i}", manager: "boss")).Append(User("boss")).ToArray();
        await s.ImportUsersAsync(["C1"], users);
        var plan = Workflow.Named("X").ForContents("C1").TargetGroup(t => t.ExcludingUsers("boss"))
            .Invite(Channel.Email).RemindManager(Channel.Email).Build("x");
        return (s, plan);
    }

    private static RunOptions CrashAt(RunPoint point, int occurrence = 1)
    {
        int seen = 0;
        return new RunOptions
        {
            PageSize = 3,
            OnRunPoint = p => p == point && ++seen == occurrence ? throw new InjectedCrash() : Task.CompletedTask,
        };
    }

    [StoreFact]
    public async Task A_crash_after_some_pages_before_the_commit_leaves_no_partial_state_and_the_next_run_plans_everything_once()
    {
        var (s, plan) = await ArrangeAsync();

        await Assert.ThrowsAsync<InjectedCrash>(() => s.EngineWith(CrashAt(RunPoint.AfterPage, occurrence: 2)).RunNowAsync(plan, "test"));
        var afterCrash = (await s.OutboxAsync(), await s.ProgressAsync("x"), await s.RecordAsync("x"));
        var report = await s.RunAsync(plan);

        Assert.Empty(afterCrash.Item1);
        Assert.Empty(afterCrash.Item2);
        Assert.Equal(WorkflowStatus.Stopped, afterCrash.Item3.Status);
        Assert.Equal((10, 1), (report.UserMessages, report.DigestMessages));
        Assert.Equal(11, (await s.OutboxAsync()).Count);
        Assert.Equal(10, (await s.OutboxAsync()).Single(m => m.RecipientId == "boss").ListedUsers);
    }

    [StoreFact]
    public async Task A_crash_just_before_the_commit_leaves_no_partial_state()
    {
        var (s, plan) = await ArrangeAsync();

        await Assert.ThrowsAsync<InjectedCrash>(() => s.EngineWith(CrashAt(RunPoint.BeforeCommit)).RunNowAsync(plan, "test"));
        Assert.Empty(await s.OutboxAsync());
        Assert.Empty(await s.ProgressAsync("x"));
        await using (var db = s.Database.CreateContext())
            Assert.Equal(RunOutcome.Failed, db.Runs.Single().Outcome);

        await s.RunAsync(plan);
        Assert.Equal(11, (await s.OutboxAsync()).Count);
    }

    [StoreFact]
    public async Task A_crash_after_the_commit_keeps_the_whole_run_and_the_next_run_plans_nothing_twice()
    {
        var (s, plan) = await ArrangeAsync();

        await Assert.ThrowsAsync<InjectedCrash>(() => s.EngineWith(CrashAt(RunPoint.AfterCommit)).RunNowAsync(plan, "test"));
        var afterCrash = await s.OutboxAsync();
        var next = await s.RunAsync(plan);

        Assert.Equal(11, afterCrash.Count);
        Assert.Equal(WorkflowStatus.Stopped, (await s.RecordAsync("x")).Status);
        Assert.Equal((0, 0), (next.UserMessages, next.DigestMessages));
        Assert.Equal(11, (await s.OutboxAsync()).Count);
        Assert.Equal(10, (await s.ProgressAsync("x")).Count(p => p.Finished));
    }

    [StoreFact]
    public async Task A_chunk_that_crashes_is_rolled_back_alone_and_can_be_retried()
    {
        var (s, plan) = await ArrangeAsync();
        var run = await s.Engine.BeginChunkedRunAsync(plan, RunTrigger.Manual, "test", chunkSize: 4);
        var crashing = s.EngineWith(CrashAt(RunPoint.AfterPage, occurrence: 2));

        await s.Engine.ProcessChunkAsync(plan, run.RunId, run.Chunks[0]);
        await Assert.ThrowsAsync<InjectedCrash>(() => crashing.ProcessChunkAsync(plan, run.RunId, run.Chunks[1]));
        int afterCrash = (await s.ProgressAsync("x")).Count;
        foreach (var chunk in run.Chunks) await s.Engine.ProcessChunkAsync(plan, run.RunId, chunk);
        var report = await s.Engine.FinishChunkedRunAsync(plan, run.RunId);

        Assert.Equal(4, afterCrash);
        Assert.Equal(10, (await s.OutboxAsync()).Count(m => m.RecipientKind == Recipient.User));
        Assert.Equal(10, (await s.OutboxAsync()).Single(m => m.RecipientId == "boss").ListedUsers);
        Assert.Equal(RunOutcome.Completed, report.Outcome);
    }
}

public sealed class CrashSafetyOnSqlite() : CrashSafetyTests(StoreKind.Sqlite);

public sealed class CrashSafetyOnPostgres() : CrashSafetyTests(StoreKind.PostgreSql), IPostgresTests;

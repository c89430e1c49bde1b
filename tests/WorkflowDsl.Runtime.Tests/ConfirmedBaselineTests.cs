using WorkflowDsl.Plan;
using WorkflowDsl.Runtime.Runs;
using WorkflowDsl.Runtime.Storage;
using static WorkflowDsl.Runtime.Tests.Infrastructure.Scenario;

namespace WorkflowDsl.Runtime.Tests;

/// <summary>Issue 12 item 5, docs/product-rules.md R-SAFE-4: after an administrator confirms a held run,
/// the baseline is the number of first messages the confirmed run itself planned (per count: email+push
/// and SMS), so the next scheduled run of about that size is not held, and a later surge beyond
/// baseline + margin is held again. The SMS margin is the default 25.</summary>
public abstract class ConfirmedBaselineTests(StoreKind store)
{
    private static readonly string[] C1 = ["C1"];

    private static WorkflowPlan SmsInvitation() => Workflow.Invitation("X", Channel.Sms).ForContents("C1").Build("x");

    private static Task JoinAsync(Scenario s, string prefix, int count) =>
        s.ImportUsersAsync(C1, Enumerable.Range(0, count).Select(i => User($"{prefix}{i:D3}")).ToArray());

    [StoreFact]
    public async Task After_a_confirmed_run_the_baseline_is_its_first_message_count_so_a_run_of_similar_size_is_not_held_and_a_later_surge_is()
    {
        var s = await Scenario.CreateAsync(store);
        var plan = SmsInvitation();
        await s.Engine.SetSchedulingAsync(plan, on: true);          // nobody yet: baseline 0 SMS
        await JoinAsync(s, "a", 30);                                // 30 > 0 + 25: held

        var held = await s.Engine.RunScheduledAsync(plan);
        var confirmed = await s.Engine.ConfirmHeldRunAsync(plan, "admin");
        var afterConfirm = await s.RecordAsync("x");

        Assert.Equal((RunOutcome.HeldBySafetyCatch, 30), (held.Outcome, held.FirstMessagesSms));
        Assert.Equal((RunOutcome.Completed, 30, 30), (confirmed.Outcome, confirmed.UserMessages, confirmed.FirstMessagesSms));
        // The baseline is what the confirmed run sent as first messages: 30 SMS, 0 email+push.
        Assert.Equal((SchedulingState.On, (int?)30, (int?)0), (afterConfirm.Scheduling, afterConfirm.BaselineSms, afterConfirm.BaselineEmailPush));

        // A week later 55 new people: 55 <= 30 + 25, the largest wave that runs without a confirmation.
        s.GoToDay(7);
        await JoinAsync(s, "b", 55);
        var similar = await s.Engine.RunScheduledAsync(plan);
        Assert.Equal((RunOutcome.Completed, 55, 55), (similar.Outcome, similar.FirstMessagesSms, similar.UserMessages));
        // A scheduled run does not move the baseline.
        Assert.Equal((SchedulingState.On, (int?)30), ((await s.RecordAsync("x")).Scheduling, (await s.RecordAsync("x")).BaselineSms));

        // Another week, 56 new people: 56 > 30 + 25, held again; nothing is planned for them.
        s.GoToDay(14);
        await JoinAsync(s, "c", 56);
        var surge = await s.Engine.RunScheduledAsync(plan);

        Assert.Equal((RunOutcome.HeldBySafetyCatch, 56), (surge.Outcome, surge.FirstMessagesSms));
        Assert.Equal(SchedulingState.Paused, (await s.RecordAsync("x")).Scheduling);
        Assert.Equal(30 + 55, (await s.OutboxAsync()).Count);
    }

    [StoreFact]
    public async Task The_baseline_after_confirming_counts_the_confirmed_run_not_the_held_count_when_the_group_grew_in_between()
    {
        var s = await Scenario.CreateAsync(store);
        var plan = SmsInvitation();
        await s.Engine.SetSchedulingAsync(plan, on: true);
        await JoinAsync(s, "a", 30);
        var held = await s.Engine.RunScheduledAsync(plan);
        // Five more join before the administrator confirms: the confirmed run runs the workflow as it is
        // now, 35 first SMS, and that is what the administrator accepted.
        await JoinAsync(s, "late", 5);

        var confirmed = await s.Engine.ConfirmHeldRunAsync(plan, "admin");

        Assert.Equal(30, held.FirstMessagesSms);
        Assert.Equal(35, confirmed.FirstMessagesSms);
        Assert.Equal(35, (await s.RecordAsync("x")).BaselineSms);
    }

    [StoreFact]
    public async Task A_confirmed_run_in_chunks_saves_the_sum_of_its_chunks_first_messages_as_the_baseline()
    {
        var s = await Scenario.CreateAsync(store);
        var plan = SmsInvitation();
        await s.Engine.SetSchedulingAsync(plan, on: true);
        await JoinAsync(s, "a", 30);
        await s.Engine.RunScheduledAsync(plan);

        var run = await s.Engine.BeginChunkedRunAsync(plan, RunTrigger.Confirmed, "admin", chunkSize: 12);
        foreach (var chunk in run.Chunks) await s.Engine.ProcessChunkAsync(plan, run.RunId, chunk);
        var report = await s.Engine.FinishChunkedRunAsync(plan, run.RunId);

        // 30 users in chunks of 12, 12 and 6: 30 first SMS in all.
        Assert.Equal(3, run.Chunks.Count);
        Assert.Equal(30, report.FirstMessagesSms);
        Assert.Equal((SchedulingState.On, (int?)30), ((await s.RecordAsync("x")).Scheduling, (await s.RecordAsync("x")).BaselineSms));
    }
}

public sealed class ConfirmedBaselineOnSqlite() : ConfirmedBaselineTests(StoreKind.Sqlite);

public sealed class ConfirmedBaselineOnPostgres() : ConfirmedBaselineTests(StoreKind.PostgreSql), IPostgresTests;

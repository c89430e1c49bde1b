using Microsoft.EntityFrameworkCore;
using WorkflowDsl.Plan;
using WorkflowDsl.Runtime.Runs;
using WorkflowDsl.Runtime.Storage;
using static WorkflowDsl.Runtime.Tests.Infrastructure.Scenario;

namespace WorkflowDsl.Runtime.Tests;

/// <summary>The safety catch's "first message" (docs/run-engine.md): the first message a person would
/// ever get from the workflow, in this run, whatever comes first in the workflow; counted by the channels
/// of that message's step (email+push, SMS). Margins 250 / 25. Expected counts worked out by hand.</summary>
public abstract class SafetyCatchTests(StoreKind store)
{
    private static readonly string[] C1 = ["C1"];

    private Task<Scenario> NewAsync(RunOptions? options = null) => Scenario.CreateAsync(store, options);

    private static Task ImportAsync(Scenario s, string prefix, int count, string? manager = null) =>
        s.ImportUsersAsync(C1, Enumerable.Range(0, count).Select(i => User($"{prefix}{i:D3}", manager)).ToArray());

    [StoreFact]
    public async Task Message_first_counts_new_users_once()
    {
        var s = await NewAsync();
        var plan = Workflow.Named("M").ForContents("C1").Invite(Channel.Email).Wait(7.Days()).Remind(Channel.Sms).Build("m");
        await ImportAsync(s, "u", 3);

        var before = await s.Engine.CountFirstMessagesAsync(plan);
        var run = await s.RunAsync(plan);
        s.GoToDay(7);
        var afterReminderDue = await s.Engine.CountFirstMessagesAsync(plan);

        // 3 new users get the email invitation: 3 email/push, 0 SMS. A week later the SMS reminder is
        // not anyone's first message.
        Assert.Equal((3, 0), before);
        Assert.Equal((3, 0), (run.FirstMessagesEmailPush, run.FirstMessagesSms));
        Assert.Equal((0, 0), afterReminderDue);
    }

    [StoreFact]
    public async Task Delay_first_is_held_like_message_first_once_the_delay_is_up()
    {
        var s = await NewAsync();
        var message = Workflow.Named("M").ForContents("C1").Invite(Channel.Email).Build("m");
        var delay = Workflow.Named("D").ForContents("C1").Wait(7.Days()).Invite(Channel.Email).Build("d");
        await s.ImportUsersAsync(C1);
        var onM = await s.Engine.SetSchedulingAsync(message, on: true);
        var onD = await s.Engine.SetSchedulingAsync(delay, on: true);
        await ImportAsync(s, "u", 260);

        var heldM = await s.Engine.RunScheduledAsync(message);
        var day0D = await s.Engine.RunScheduledAsync(delay);
        s.GoToDay(6);
        var day6D = await s.Engine.RunScheduledAsync(delay);
        s.GoToDay(7);
        var heldD = await s.Engine.RunScheduledAsync(delay);
        var outboxWhenHeld = await s.OutboxAsync("d");
        var confirmedD = await s.Engine.ConfirmHeldRunAsync(delay, "admin");

        // Nobody in the group at switch-on: both baselines 0. Message first: the 260 newcomers' invitation
        // goes out in the first scheduled run: 260 > 0 + 250, held. Delay first: nobody is messaged on day
        // 0 or 6 (the week counts from day 0), so those runs go ahead; on day 7 the same 260 people would
        // get their first message: held the same way. Confirming sends the 260 and makes 260 the baseline.
        Assert.Equal((0, 0), (onM.BaselineEmailPush, onM.BaselineSms));
        Assert.Equal((0, 0), (onD.BaselineEmailPush, onD.BaselineSms));
        Assert.Equal((RunOutcome.HeldBySafetyCatch, 260), (heldM.Outcome, heldM.FirstMessagesEmailPush));
        Assert.Equal((RunOutcome.Completed, 0, 0, 260), (day0D.Outcome, day0D.FirstMessagesEmailPush, day0D.UserMessages, day0D.NewUsers));
        Assert.Equal((RunOutcome.Completed, 0, 0), (day6D.Outcome, day6D.FirstMessagesEmailPush, day6D.UserMessages));
        Assert.Equal((RunOutcome.HeldBySafetyCatch, 260, 0), (heldD.Outcome, heldD.FirstMessagesEmailPush, heldD.FirstMessagesSms));
        Assert.Empty(outboxWhenHeld);
        Assert.Equal((RunOutcome.Completed, 260, 260), (confirmedD.Outcome, confirmedD.UserMessages, confirmedD.FirstMessagesEmailPush));
        Assert.Equal(260, (await s.RecordAsync("d")).BaselineEmailPush);
    }

    [StoreFact]
    public async Task The_baseline_counts_delay_first_users_whose_delay_is_up()
    {
        var s = await NewAsync();
        var delay = Workflow.Named("D").ForContents("C1").Wait(7.Days()).Invite(Channel.Email).Build("d");
        await ImportAsync(s, "u", 260);
        await s.RunAsync(delay);                           // day 0: 260 users seen, nothing sent
        s.GoToDay(3);
        var day3 = await s.Engine.SetSchedulingAsync(delay, on: true);
        s.GoToDay(7);
        var day7 = await s.Engine.SetSchedulingAsync(delay, on: true);
        var run = await s.Engine.RunScheduledAsync(delay);

        // Switched on on day 3, a run then would message nobody: baseline 0. Switched on again on day 7, the
        // 260 would get their first message now: baseline 260, and the scheduled run (260 <= 260 + 250) runs.
        Assert.Equal(0, day3.BaselineEmailPush);
        Assert.Equal(260, day7.BaselineEmailPush);
        Assert.Equal((RunOutcome.Completed, 260, 260), (run.Outcome, run.FirstMessagesEmailPush, run.UserMessages));
    }

    [StoreFact]
    public async Task Repeats_after_the_first_message_are_not_first_messages()
    {
        var s = await NewAsync();
        var plan = Workflow.Named("R").ForContents("C1").Invite(Channel.Sms).WaitAndRepeat(7.Days(), times: 2).Build("r");
        await ImportAsync(s, "u", 30);
        var day0 = await s.RunAsync(plan);
        s.GoToDay(1);
        var on = await s.Engine.SetSchedulingAsync(plan, on: true);
        s.GoToDay(7);
        var day7 = await s.Engine.RunScheduledAsync(plan);

        // Day 0 (manual): 30 first SMS. Switched on on day 1: nobody would get a first message: baseline 0.
        // Day 7: 30 repeats by SMS, none a first message: 0 <= 0 + 25, the run goes ahead.
        Assert.Equal((0, 30), (day0.FirstMessagesEmailPush, day0.FirstMessagesSms));
        Assert.Equal((0, 0), (on.BaselineEmailPush, on.BaselineSms));
        Assert.Equal((RunOutcome.Completed, 0, 30), (day7.Outcome, day7.FirstMessagesSms, day7.UserMessages));
    }

    [StoreFact]
    public async Task Two_messages_count_the_first_one_only_email_push_and_sms_apart()
    {
        var s = await NewAsync();
        var emailThenSms = Workflow.Named("ES").ForContents("C1").Invite(Channel.Email).Remind(Channel.Sms).Build("es");
        var smsThenEmail = Workflow.Named("SE").ForContents("C1").Invite(Channel.Sms).Remind(Channel.Email).Build("se");
        await s.ImportUsersAsync(C1);
        await s.Engine.SetSchedulingAsync(emailThenSms, on: true);
        await s.Engine.SetSchedulingAsync(smsThenEmail, on: true);
        await ImportAsync(s, "u", 30);

        var es = await s.Engine.RunScheduledAsync(emailThenSms);
        var se = await s.Engine.RunScheduledAsync(smsThenEmail);

        // Each of the 30 gets two messages in one run; the first is the email in one workflow (30 email/push,
        // 30 <= 250: runs) and the SMS in the other (30 SMS > 0 + 25: held).
        Assert.Equal((RunOutcome.Completed, 30, 0, 60), (es.Outcome, es.FirstMessagesEmailPush, es.FirstMessagesSms, es.UserMessages));
        Assert.Equal((RunOutcome.HeldBySafetyCatch, 0, 30), (se.Outcome, se.FirstMessagesEmailPush, se.FirstMessagesSms));
    }

    [StoreFact]
    public async Task A_message_to_the_manager_first_counts_the_users_first_message_after_it()
    {
        var s = await NewAsync();
        var plan = Workflow.Named("MF").ForContents("C1").RemindManager(Channel.Email).Wait(3.Days()).Invite(Channel.Sms).Build("mf");
        await ImportAsync(s, "u", 30, manager: "boss");
        await s.ImportUsersAsync(C1, User("boss"));

        var day0 = await s.RunAsync(plan);
        s.GoToDay(3);
        var day3Count = await s.Engine.CountFirstMessagesAsync(plan);
        var day3 = await s.RunAsync(plan);

        // Day 0: one digest to the boss about 30 users (the boss, in the group too, has no manager): no
        // message to any user, nothing counted. Day 3: the 31 users' SMS invitation is their first message.
        Assert.Equal((0, 0, 0, 1), (day0.FirstMessagesEmailPush, day0.FirstMessagesSms, day0.UserMessages, day0.DigestMessages));
        Assert.Equal((0, 31), day3Count);
        Assert.Equal((0, 31, 31), (day3.FirstMessagesEmailPush, day3.FirstMessagesSms, day3.UserMessages));
    }

    [StoreFact]
    public async Task Users_who_join_while_scheduling_is_on_are_counted_when_their_first_message_is_due()
    {
        var s = await NewAsync();
        var plan = Workflow.Named("D").ForContents("C1").Wait(3.Days()).Invite(Channel.Email).Build("d");
        await ImportAsync(s, "early", 10);
        var on = await s.Engine.SetSchedulingAsync(plan, on: true);
        var day0 = await s.Engine.RunScheduledAsync(plan);
        s.GoToDay(1);
        await ImportAsync(s, "late", 251);
        var day1 = await s.Engine.RunScheduledAsync(plan);
        s.GoToDay(3);
        var day3 = await s.Engine.RunScheduledAsync(plan);
        s.GoToDay(4);
        var day4 = await s.Engine.RunScheduledAsync(plan);

        // Baseline 0 (nobody's delay is up at switch-on). Day 0 and day 1 message nobody (the 10, then the
        // 251, start their 3 days). Day 3: the 10 early users' first message (10 <= 250). Day 4: the 251
        // who joined on day 1 (251 > 0 + 250): held.
        Assert.Equal(0, on.BaselineEmailPush);
        Assert.Equal((RunOutcome.Completed, 0), (day0.Outcome, day0.FirstMessagesEmailPush));
        Assert.Equal((RunOutcome.Completed, 0, 251), (day1.Outcome, day1.FirstMessagesEmailPush, day1.NewUsers));
        Assert.Equal((RunOutcome.Completed, 10, 10), (day3.Outcome, day3.FirstMessagesEmailPush, day3.UserMessages));
        Assert.Equal((RunOutcome.HeldBySafetyCatch, 251), (day4.Outcome, day4.FirstMessagesEmailPush));
    }

    [StoreFact]
    public async Task A_heartbeat_keeps_a_long_runs_lock_past_the_lease()
    {
        var release = new TaskCompletionSource();
        var reached = new TaskCompletionSource();
        var s = await NewAsync();
        var options = new RunOptions { LockTimeout = TimeSpan.FromSeconds(90), LockHeartbeatInterval = TimeSpan.FromSeconds(30) };
        var blocking = s.EngineWith(new RunOptions
        {
            LockTimeout = options.LockTimeout,
            LockHeartbeatInterval = options.LockHeartbeatInterval,
            OnRunPoint = async point =>
            {
                if (point != RunPoint.AfterCommit) return;
                reached.TrySetResult();
                await release.Task;
            },
        });
        await ImportAsync(s, "u", 1);
        var plan = Workflow.Invitation("X", Channel.Email).ForContents("C1").Build("x");

        var first = Task.Run(() => blocking.RunNowAsync(plan, "alice"));
        await reached.Task.WaitAsync(TimeSpan.FromSeconds(60));
        // Two minutes pass in steps of 5 s (beats every 30 s): past the 90 s lease taken at the start.
        var taken = s.Now;
        for (int step = 0; step < 24; step++)
        {
            s.Clock.Advance(TimeSpan.FromSeconds(5));
            await Task.Delay(50);
        }
        await LeaseRenewedAsync(s, taken + TimeSpan.FromSeconds(90));
        var refusal = await Assert.ThrowsAsync<WorkflowBusyException>(() => s.EngineWith(options).RunNowAsync(plan, "bob"));
        release.SetResult();
        var report = await first;

        Assert.Equal(report.RunId, refusal.RunningRunId);
        Assert.Equal(WorkflowStatus.Stopped, (await s.RecordAsync("x")).Status);
        Assert.Single(await s.OutboxAsync());
    }

    private static async Task LeaseRenewedAsync(Scenario s, DateTime since)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            await using var db = s.Database.CreateContext();
            if (await db.Workflows.AsNoTracking().AnyAsync(w => w.Id == "x" && w.LockedAt >= since)) return;
            await Task.Delay(20);
        }
        Assert.Fail($"the heartbeat did not renew the lease at or after {since:O}");
    }
}

public sealed class SafetyCatchOnSqlite() : SafetyCatchTests(StoreKind.Sqlite);

public sealed class SafetyCatchOnPostgres() : SafetyCatchTests(StoreKind.PostgreSql), IPostgresTests;

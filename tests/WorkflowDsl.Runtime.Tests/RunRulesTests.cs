using Microsoft.EntityFrameworkCore;
using WorkflowDsl.Plan;
using WorkflowDsl.Runtime.DirectoryImport;
using WorkflowDsl.Runtime.Results;
using WorkflowDsl.Runtime.Runs;
using WorkflowDsl.Runtime.Storage;
using static WorkflowDsl.Runtime.Tests.Infrastructure.Scenario;

namespace WorkflowDsl.Runtime.Tests;

/// <summary>SPEC.md "A run", one rule per test, with small data.</summary>
public abstract class RunRulesTests(StoreKind store)
{
    private static readonly string[] C1 = ["C1"];

    private Task<Scenario> NewAsync(RunOptions? options = null) => Scenario.CreateAsync(store, options);

    private static string Sent(OutboxMessage m) => $"{m.RecipientId}:{m.StepKey}:{m.Repeat}";

    [StoreFact]
    public async Task New_users_start_at_step_one()
    {
        var s = await NewAsync();
        await s.ImportUsersAsync(C1, User("u1"), User("u2"));
        var plan = Workflow.InvitationWithReminder("X", 7.Days(), Channel.Email).ForContents("C1").Build("x");

        var report = await s.RunAsync(plan);

        Assert.Equal(RunOutcome.Completed, report.Outcome);
        Assert.Equal(2, report.NewUsers);
        Assert.Equal(["u1:invite:0", "u2:invite:0"], (await s.OutboxAsync()).Select(Sent));
        Assert.All(await s.ProgressAsync("x"), p => Assert.Equal("wait-7d", p.StepKey));
    }

    [StoreFact]
    public async Task Two_consecutive_message_steps_both_send_in_the_same_run()
    {
        var s = await NewAsync();
        await s.ImportUsersAsync(C1, User("u1"));
        var plan = Workflow.Named("X").ForContents("C1").Invite(Channel.Email).Remind(Channel.Email).Build("x");

        await s.RunAsync(plan);

        Assert.Equal(["u1:invite:0", "u1:remind:0"], (await s.OutboxAsync()).Select(Sent));
        Assert.True((await s.ProgressAsync("x")).Single().Finished);
    }

    [StoreFact]
    public async Task A_delay_whose_time_is_not_up_stops_the_user_for_this_run()
    {
        var s = await NewAsync();
        await s.ImportUsersAsync(C1, User("u1"));
        var plan = Workflow.InvitationWithReminder("X", 7.Days(), Channel.Email).ForContents("C1").Build("x");

        await s.RunAsync(plan);
        s.GoToDay(6);
        var day6 = await s.RunAsync(plan);
        s.GoToDay(7);
        var day7 = await s.RunAsync(plan);

        Assert.Equal(0, day6.UserMessages);
        Assert.Equal(1, day7.UserMessages);
        Assert.Equal(["u1:invite:0", "u1:remind:0"], (await s.OutboxAsync()).Select(Sent));
    }

    [StoreFact]
    public async Task A_delay_counts_from_the_last_message_this_workflow_sent_the_user()
    {
        var s = await NewAsync();
        await s.ImportUsersAsync(C1, User("u1"));
        var plan = Workflow.InvitationWithReminder("X", 7.Days(), Channel.Email).ForContents("C1").Build("x");
        await s.RunAsync(plan);
        s.GoToDay(3);
        await s.ImportUsersAsync(C1, User("late"));
        await s.RunAsync(plan);          // late is invited on day 3

        s.GoToDay(7);
        await s.RunAsync(plan);          // u1's week is up, late's is not
        var afterDay7 = (await s.OutboxAsync()).Select(Sent).ToList();
        s.GoToDay(10);
        await s.RunAsync(plan);

        Assert.Equal(["u1:invite:0", "late:invite:0", "u1:remind:0"], afterDay7);
        Assert.Equal("late:remind:0", Sent((await s.OutboxAsync()).Last()));
    }

    [StoreFact]
    public async Task Message_then_delay_and_repeat_7d_x2_sends_on_days_0_7_14_and_moves_on_at_day_21()
    {
        var s = await NewAsync();
        await s.ImportUsersAsync(C1, User("u1"));
        var plan = Workflow.Named("X").ForContents("C1").Invite(Channel.Email).WaitAndRepeat(7.Days(), 2).Remind(Channel.Email).Build("x");

        var days = new List<(int Day, string Message)>();
        for (int day = 0; day <= 25; day++)
        {
            s.GoToDay(day);
            int before = (await s.OutboxAsync()).Count;
            await s.RunAsync(plan);
            days.AddRange((await s.OutboxAsync()).Skip(before).Select(m => (day, $"{m.StepKey}:{m.Repeat}")));
        }

        Assert.Equal([(0, "invite:0"), (7, "repeat-7d-x2:1"), (14, "repeat-7d-x2:2"), (21, "remind:0")], days);
        Assert.All(await s.OutboxAsync(), m => Assert.Equal(m.StepKey == "remind" ? "reminder" : "invitation", m.TemplateId));
    }

    [StoreFact]
    public async Task The_cursor_advances_as_far_as_time_allows_in_one_pass()
    {
        var s = await NewAsync();
        await s.ImportUsersAsync(C1, User("u1"));
        var plan = Workflow.Named("X").ForContents("C1").Invite(Channel.Email).Wait(7.Days()).Remind(Channel.Email).Wait(7.Days()).RemindManager(Channel.Email).Build("x");
        await s.RunAsync(plan);

        s.GoToDay(30);                    // no run for a month: the first wait is up, the second restarts at the reminder
        var report = await s.RunAsync(plan);

        Assert.Equal(1, report.UserMessages);
        Assert.Equal("wait-7d-2", (await s.ProgressAsync("x")).Single().StepKey);
    }

    [StoreFact]
    public async Task A_user_with_an_active_completion_of_all_contents_gets_nothing_more_and_counts_as_completed()
    {
        var s = await NewAsync();
        await s.ImportUsersAsync(["C1", "C2"], User("done"), User("half"), User("none"));
        var plan = Workflow.InvitationWithReminder("X", 7.Days(), Channel.Email).ForContents("C1", "C2").Build("x");
        await s.RunAsync(plan);
        s.GoToDay(3);
        await s.CompleteAsync("done", "C1");
        await s.CompleteAsync("done", "C2");
        await s.CompleteAsync("half", "C1");

        s.GoToDay(7);
        await s.RunAsync(plan);
        await using var db = s.Database.CreateContext();
        var results = await WorkflowResults.ComputeAsync(db, plan, s.Now);

        Assert.DoesNotContain("done:remind:0", (await s.OutboxAsync()).Select(Sent));
        Assert.Contains("half:remind:0", (await s.OutboxAsync()).Select(Sent));
        Assert.Equal(1, results.CompletedUsers);
        Assert.Equal(2, results.IncompleteUsers);
        Assert.Equal(1 / 3.0, results.CompletionRate, 3);
    }

    [StoreFact]
    public async Task Included_completed_users_are_targets_but_still_get_nothing()
    {
        var s = await NewAsync();
        await s.ImportUsersAsync(C1, User("done"), User("open"));
        await s.CompleteAsync("done", "C1");
        var plan = Workflow.Invitation("X", Channel.Email).ForContents("C1").TargetGroup(t => t.IncludingCompleted()).Build("x");

        var report = await s.RunAsync(plan);

        Assert.Equal(2, report.Targets);
        Assert.Equal(1, report.CompletedUsers);
        Assert.Equal(["open:invite:0"], (await s.OutboxAsync()).Select(Sent));
    }

    [StoreFact]
    public async Task An_expired_completion_is_not_active()
    {
        var s = await NewAsync();
        await s.ImportUsersAsync(C1, User("expired"), User("valid"));
        await s.CompleteAsync("expired", "C1", expiresAt: s.Now.AddDays(2));
        await s.CompleteAsync("valid", "C1", expiresAt: s.Now.AddDays(365));
        var plan = Workflow.Invitation("X", Channel.Email).ForContents("C1").Build("x");

        s.GoToDay(2);                     // expiry at exactly now: no longer active
        await s.RunAsync(plan);

        Assert.Equal(["expired:invite:0"], (await s.OutboxAsync()).Select(Sent));
    }

    [StoreFact]
    public async Task A_user_who_leaves_the_group_gets_nothing_and_resumes_where_they_were_when_back()
    {
        var s = await NewAsync();
        await s.ImportUsersAsync(C1, User("u1", department: "Sales"));
        var plan = Workflow.Named("X").ForContents("C1").TargetGroup(t => t.InDepartment("Sales"))
            .Invite(Channel.Email).Wait(7.Days()).Remind(Channel.Email).Wait(7.Days()).Remind(Channel.Sms, key: "last").Build("x");
        await s.RunAsync(plan);
        s.GoToDay(1);
        await s.ImportUsersAsync(C1, User("u1", department: "Support"));

        for (int day = 2; day <= 20; day++) { s.GoToDay(day); await s.RunAsync(plan); }
        var whileOutside = (await s.OutboxAsync()).Select(Sent).ToList();
        await s.ImportUsersAsync(C1, User("u1", department: "Sales"));
        await s.RunAsync(plan);

        Assert.Equal(["u1:invite:0"], whileOutside);
        Assert.Equal(["u1:invite:0", "u1:remind:0"], (await s.OutboxAsync()).Select(Sent));
        Assert.Equal("wait-7d-2", (await s.ProgressAsync("x")).Single().StepKey);
    }

    [StoreFact]
    public async Task Managers_get_one_digest_per_run_listing_their_users_who_reached_the_step()
    {
        var s = await NewAsync();
        await s.ImportUsersAsync(C1, User("boss"), User("a", manager: "boss"), User("b", manager: "boss"), User("c", manager: "other"), User("other"));
        var plan = Workflow.Named("X").ForContents("C1").TargetGroup(t => t.ExcludingUsers("boss", "other"))
            .Invite(Channel.Email).RemindManager(Channel.Email).Build("x");

        var report = await s.RunAsync(plan);
        var digests = (await s.OutboxAsync()).Where(m => m.RecipientKind == Recipient.Manager).ToList();

        Assert.Equal(2, report.DigestMessages);
        var boss = Assert.Single(digests, d => d.RecipientId == "boss");
        Assert.Equal(2, boss.ListedUsers);
        Assert.Equal(["a", "b"], boss.Entries.Select(e => e.TargetUserId).Order());
        Assert.Equal(Channel.Email, boss.Channels);
        Assert.Equal(["c"], digests.Single(d => d.RecipientId == "other").Entries.Select(e => e.TargetUserId));
    }

    [StoreFact]
    public async Task Users_without_a_manager_or_HR_partner_are_reported_not_crashed_on()
    {
        var s = await NewAsync();
        await s.ImportUsersAsync(C1, User("orphan"), User("boss"), User("a", manager: "boss"));
        var plan = Workflow.Named("X").ForContents("C1").TargetGroup(t => t.ExcludingUsers("boss"))
            .Invite(Channel.Email).RemindManager(Channel.Email).NotifyHrPartner(Channel.Email).Build("x");

        var report = await s.RunAsync(plan);

        Assert.Equal(RunOutcome.Completed, report.Outcome);
        Assert.Contains(report.Warnings, w => w.StartsWith("no-manager: 1 ") && w.Contains("orphan"));
        Assert.Contains(report.Warnings, w => w.StartsWith("no-hr-partner: 2 "));
        Assert.All(await s.ProgressAsync("x"), p => Assert.True(p.Finished));
    }

    [StoreFact]
    public async Task A_recipient_without_contact_data_is_skipped_for_that_channel_with_the_reason_recorded_and_counted()
    {
        var s = await NewAsync();
        var noPhone = User("email-only");
        var full = User("full");
        full.Phone = "+358401234567";
        full.DeviceTokens = [new Users.PushDeviceToken { Token = "tok-1" }];
        var badPhone = User("bad-phone");
        badPhone.Phone = "040 123 4567";
        badPhone.Email = null;
        await s.ImportUsersAsync(C1, noPhone, full, badPhone);
        var plan = Workflow.Invitation("X", Channel.Email | Channel.Sms | Channel.Push).ForContents("C1").Build("x");

        var report = await s.RunAsync(plan);
        var outbox = (await s.OutboxAsync()).ToDictionary(m => m.RecipientId);

        Assert.Equal(Channel.Email | Channel.Sms | Channel.Push, outbox["full"].Channels);
        Assert.Equal(Channel.Email, outbox["email-only"].Channels);
        Assert.Equal(Channel.Sms | Channel.Push, outbox["email-only"].SkippedChannels);
        Assert.Equal(Channel.None, outbox["bad-phone"].Channels);
        Assert.Contains(outbox["bad-phone"].Results, r => r.Channel == Channel.Sms && r.Status == DeliveryStatus.Skipped && r.Reason.Contains("E.164"));
        Assert.Contains(report.Warnings, w => w.StartsWith("no-contact-data: 2 at step 'invite' (Sms)"));
        Assert.Contains(report.Warnings, w => w.StartsWith("no-contact-data: 1 at step 'invite' (Email)"));
        var sms = report.ByStep.Single(c => c.StepKey == "invite" && c.Channel == Channel.Sms);
        Assert.Equal((1, 2), (sms.Planned, sms.Skipped));
    }

    [StoreFact]
    public async Task A_repeated_run_never_plans_the_same_message_twice()
    {
        var s = await NewAsync();
        await s.ImportUsersAsync(C1, User("u1"), User("u2"));
        var plan = Workflow.Invitation("X", Channel.Email).ForContents("C1").Build("x");

        await s.RunAsync(plan);
        var second = await s.RunAsync(plan);

        Assert.Equal(0, second.UserMessages);
        Assert.Equal(2, (await s.OutboxAsync()).Count);
        // And the database itself refuses a duplicate (workflow, recipient, step, repeat).
        await using var db = s.Database.CreateContext();
        db.Outbox.Add(new OutboxMessage { WorkflowId = "x", RecipientKind = Recipient.User, RecipientId = "u1", StepKey = "invite", Repeat = 0, Batch = "", TemplateId = "invitation", CreatedAt = s.Now });
        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }

    [StoreFact]
    public async Task A_changed_definition_never_resends_a_message_for_a_step_that_still_exists()
    {
        var s = await NewAsync();
        await s.ImportUsersAsync(C1, User("u1"));
        var v1 = Workflow.Named("X").ForContents("C1").Invite(Channel.Email).Wait(7.Days()).Remind(Channel.Email).Build("x");
        await s.RunAsync(v1);

        // Reordered: the reminder now comes first and the invitation last.
        var reordered = Workflow.Named("X").ForContents("C1").Remind(Channel.Email).Wait(7.Days()).Invite(Channel.Email).Build("x");
        s.GoToDay(7);
        await s.RunAsync(reordered);
        // A step added before the cursor, and the wait removed.
        var changed = Workflow.Named("X").ForContents("C1").Message(Recipient.User, Channel.Email, "reminder", key: "welcome")
            .Remind(Channel.Email).Invite(Channel.Email).Remind(Channel.Email, key: "final").Build("x");
        s.GoToDay(8);
        await s.RunAsync(changed);

        Assert.Equal(["u1:invite:0", "u1:final:0"], (await s.OutboxAsync()).Select(Sent));
    }

    [StoreFact]
    public async Task A_removed_current_step_resumes_after_the_last_step_passed()
    {
        var s = await NewAsync();
        await s.ImportUsersAsync(C1, User("u1"));
        var v1 = Workflow.Named("X").ForContents("C1").Invite(Channel.Email).Wait(7.Days()).Remind(Channel.Email).Build("x");
        await s.RunAsync(v1);
        var withoutWait = Workflow.Named("X").ForContents("C1").Invite(Channel.Email).Remind(Channel.Email).Build("x");

        s.GoToDay(1);
        await s.RunAsync(withoutWait);

        Assert.Equal(["u1:invite:0", "u1:remind:0"], (await s.OutboxAsync()).Select(Sent));
    }

    [StoreFact]
    public async Task One_run_per_workflow_at_a_time_a_concurrent_request_is_refused_clearly()
    {
        var release = new TaskCompletionSource();
        var reached = new TaskCompletionSource();
        var s = await NewAsync();
        var blocking = s.EngineWith(new RunOptions
        {
            OnRunPoint = async point =>
            {
                if (point != RunPoint.BeforeCommit) return;
                reached.TrySetResult();
                await release.Task;
            },
        });
        await s.ImportUsersAsync(C1, User("u1"));
        var plan = Workflow.Invitation("X", Channel.Email).ForContents("C1").Build("x");

        var first = Task.Run(() => blocking.RunNowAsync(plan, "alice"));
        await reached.Task.WaitAsync(TimeSpan.FromSeconds(60));
        var status = (await s.RecordAsync("x")).Status;
        var refusal = await Assert.ThrowsAsync<WorkflowBusyException>(() => s.Engine.RunNowAsync(plan, "bob"));
        release.SetResult();
        var report = await first;

        Assert.Equal(WorkflowStatus.Running, status);
        Assert.Contains("'x' is already running", refusal.Message);
        Assert.Equal(report.RunId, refusal.RunningRunId);
        Assert.Equal(WorkflowStatus.Stopped, (await s.RecordAsync("x")).Status);
        Assert.Single(await s.OutboxAsync());
    }

    [StoreFact]
    public async Task The_lock_of_a_run_whose_process_died_is_taken_over_after_the_lock_timeout()
    {
        var s = await NewAsync();
        await s.ImportUsersAsync(C1, User("u1"));
        var plan = Workflow.Invitation("X", Channel.Email).ForContents("C1").Build("x");
        await s.Engine.RegisterAsync(plan);
        await using (var db = s.Database.CreateContext())
        {
            var record = await db.Workflows.FirstAsync();
            record.Status = WorkflowStatus.Running;
            record.LockRunId = Guid.NewGuid();
            record.LockedAt = s.Now;
            await db.SaveChangesAsync();
        }
        await Assert.ThrowsAsync<WorkflowBusyException>(() => s.RunAsync(plan));

        s.Clock.Advance(s.Options.LockTimeout + TimeSpan.FromMinutes(1));
        var report = await s.RunAsync(plan);

        Assert.Equal(1, report.UserMessages);
    }

    [StoreFact]
    public async Task Runtime_validation_errors_mark_the_workflow_has_errors_and_nothing_is_planned()
    {
        var s = await NewAsync();
        await s.ImportUsersAsync(C1, User("u1"));
        var plan = Workflow.Named("X").ForContents("C1", "NOPE").Invite(Channel.Email).Remind(Channel.Sms, template: "no-such-template").OwnedBy("ghost").Build("x");

        var report = await s.RunAsync(plan);

        Assert.Equal(RunOutcome.RefusedErrors, report.Outcome);
        Assert.Contains(report.Errors, e => e.Contains("content 'NOPE'"));
        Assert.Contains(report.Errors, e => e.Contains("template 'no-such-template'"));
        Assert.Contains(report.Errors, e => e.Contains("owner 'ghost'"));
        Assert.True((await s.RecordAsync("x")).HasErrors);
        Assert.Equal(WorkflowStatus.Stopped, (await s.RecordAsync("x")).Status);
        Assert.Empty(await s.OutboxAsync());
        Assert.Empty(await s.ProgressAsync("x"));

        var fixedPlan = Workflow.Invitation("X", Channel.Email).ForContents("C1").Build("x");
        Assert.Equal(RunOutcome.Completed, (await s.RunAsync(fixedPlan)).Outcome);
        Assert.False((await s.RecordAsync("x")).HasErrors);
    }

    [StoreFact]
    public async Task A_template_without_the_text_for_a_steps_channel_is_an_error()
    {
        var s = await NewAsync();
        await s.ImportUsersAsync(C1, User("u1"));
        var smsOnly = Templates.Template.Language("en", c => c.Sms("Hi {{ user.first_name }}")).Build("sms-only");
        var engine = s.EngineWith(new RunOptions { Templates = Templates.BuiltInTemplates.All.Append(smsOnly).ToDictionary(t => t.Id) });
        var plan = Workflow.Named("X").ForContents("C1").Invite(Channel.Email, template: "sms-only").Build("x");

        var report = await engine.RunNowAsync(plan, "test");

        Assert.Equal(RunOutcome.RefusedErrors, report.Outcome);
        Assert.Contains(report.Errors, e => e.Contains("template 'sms-only' (en) has no Email text"));
    }

    [StoreFact]
    public async Task A_scheduled_run_that_would_send_more_than_baseline_plus_250_first_emails_sends_nothing_and_pauses_scheduling()
    {
        var s = await NewAsync();
        var plan = Workflow.Invitation("X", Channel.Email).ForContents("C1").Build("x");
        await s.ImportUsersAsync(C1, Enumerable.Range(0, 10).Select(i => User($"early{i:D3}")).ToArray());
        var on = await s.Engine.SetSchedulingAsync(plan, on: true);
        await s.ImportUsersAsync(C1, Enumerable.Range(0, 251).Select(i => User($"new{i:D3}")).ToArray());

        var held = await s.Engine.RunScheduledAsync(plan);

        Assert.Equal(10, on.BaselineEmailPush);
        Assert.Equal(RunOutcome.HeldBySafetyCatch, held.Outcome);
        Assert.Equal(261, held.FirstMessagesEmailPush);
        Assert.Empty(await s.OutboxAsync());
        Assert.Equal(SchedulingState.Paused, (await s.RecordAsync("x")).Scheduling);
        var refused = await Assert.ThrowsAsync<RunRefusedException>(() => s.Engine.RunScheduledAsync(plan));
        Assert.Contains("confirm", refused.Message);
    }

    [StoreFact]
    public async Task A_scheduled_run_within_baseline_plus_250_runs()
    {
        var s = await NewAsync();
        var plan = Workflow.Invitation("X", Channel.Email).ForContents("C1").Build("x");
        await s.ImportUsersAsync(C1, Enumerable.Range(0, 10).Select(i => User($"early{i:D3}")).ToArray());
        await s.Engine.SetSchedulingAsync(plan, on: true);
        await s.ImportUsersAsync(C1, Enumerable.Range(0, 250).Select(i => User($"new{i:D3}")).ToArray());

        var report = await s.Engine.RunScheduledAsync(plan);

        Assert.Equal(RunOutcome.Completed, report.Outcome);
        Assert.Equal(260, report.UserMessages);
    }

    [StoreFact]
    public async Task More_than_baseline_plus_25_first_SMS_pauses_a_scheduled_run()
    {
        var s = await NewAsync();
        var plan = Workflow.Invitation("X", Channel.Sms).ForContents("C1").Build("x");
        await s.Engine.SetSchedulingAsync(plan, on: true);
        await s.ImportUsersAsync(C1, Enumerable.Range(0, 26).Select(i => User($"u{i:D3}")).ToArray());

        var held = await s.Engine.RunScheduledAsync(plan);

        Assert.Equal(RunOutcome.HeldBySafetyCatch, held.Outcome);
        Assert.Equal(26, held.FirstMessagesSms);
    }

    [StoreFact]
    public async Task Confirming_a_held_run_runs_it_and_saves_a_new_baseline()
    {
        var s = await NewAsync();
        var plan = Workflow.Invitation("X", Channel.Sms).ForContents("C1").Build("x");
        await s.Engine.SetSchedulingAsync(plan, on: true);
        await s.ImportUsersAsync(C1, Enumerable.Range(0, 30).Select(i => User($"u{i:D3}")).ToArray());
        await s.Engine.RunScheduledAsync(plan);

        var confirmed = await s.Engine.ConfirmHeldRunAsync(plan, "admin");
        var record = await s.RecordAsync("x");

        Assert.Equal(RunOutcome.Completed, confirmed.Outcome);
        Assert.Equal(30, confirmed.UserMessages);
        Assert.Equal(30, record.BaselineSms);
        Assert.Equal(SchedulingState.On, record.Scheduling);
    }

    [StoreFact]
    public async Task Manual_runs_are_not_subject_to_the_safety_catch()
    {
        var s = await NewAsync();
        var plan = Workflow.Invitation("X", Channel.Sms).ForContents("C1").Build("x");
        await s.Engine.SetSchedulingAsync(plan, on: true);
        await s.ImportUsersAsync(C1, Enumerable.Range(0, 40).Select(i => User($"u{i:D3}")).ToArray());

        var report = await s.RunAsync(plan);

        Assert.Equal(RunOutcome.Completed, report.Outcome);
        Assert.Equal(40, report.UserMessages);
    }

    [StoreFact]
    public async Task A_scheduled_run_is_refused_while_scheduling_is_off()
    {
        var s = await NewAsync();
        var plan = Workflow.Invitation("X", Channel.Email).ForContents("C1").Build("x");
        await s.ImportUsersAsync(C1, User("u1"));

        var refusal = await Assert.ThrowsAsync<RunRefusedException>(() => s.Engine.RunScheduledAsync(plan));

        Assert.Equal("scheduling-off", refusal.Code);
        Assert.Empty(await s.OutboxAsync());
    }

    [StoreFact]
    public async Task A_run_split_into_chunks_adds_up_to_one_pass()
    {
        var single = await NewAsync();
        var chunked = await NewAsync();
        var users = Enumerable.Range(0, 40).Select(i => User($"u{i:D2}", manager: $"m{i % 3}")).Concat(Enumerable.Range(0, 3).Select(i => User($"m{i}"))).ToArray();
        await single.ImportUsersAsync(C1, users);
        await chunked.ImportUsersAsync(C1, users);
        var plan = Workflow.InvitationWithReminders("X", 7.Days(), Channel.Email).ForContents("C1").Build("x");

        foreach (int day in new[] { 0, 3, 7, 8 })
        {
            single.GoToDay(day);
            chunked.GoToDay(day);
            if (day == 3)
            {
                await single.CompleteAsync("u05", "C1");
                await chunked.CompleteAsync("u05", "C1");
            }
            await single.RunAsync(plan);
            var run = await chunked.Engine.BeginChunkedRunAsync(plan, RunTrigger.Manual, "test", chunkSize: 7);
            Assert.True(run.Chunks.Count >= 6);
            foreach (var chunk in run.Chunks.Reverse()) await chunked.Engine.ProcessChunkAsync(plan, run.RunId, chunk);
            await chunked.Engine.FinishChunkedRunAsync(plan, run.RunId);
        }

        static List<string> Shape(IEnumerable<OutboxMessage> outbox) => outbox
            .Select(m => $"{m.CreatedAt:dd}:{m.RecipientId}:{m.StepKey}:{m.Repeat}:[{string.Join(",", m.Entries.Select(e => e.TargetUserId).Order())}]")
            .Order().ToList();
        var expected = Shape(await single.OutboxAsync());
        Assert.Equal(3, (await single.OutboxAsync()).Count(m => m.RecipientKind == Recipient.Manager));
        Assert.Equal(expected, Shape(await chunked.OutboxAsync()));
    }

    [StoreFact]
    public async Task The_run_history_records_every_run_with_what_it_planned()
    {
        var s = await NewAsync();
        await s.ImportUsersAsync(C1, User("u1"));
        var plan = Workflow.InvitationWithReminder("X", 7.Days(), Channel.Email).ForContents("C1").Build("x");
        await s.RunAsync(plan);
        s.GoToDay(7);
        await s.Engine.RunNowAsync(plan, "carol");

        await using var db = s.Database.CreateContext();
        var results = await WorkflowResults.ComputeAsync(db, plan, s.Now);

        Assert.Equal(2, results.Runs.Count);
        Assert.Equal("carol", results.Runs[0].StartedBy);
        Assert.Equal([1, 1], results.Runs.Select(r => r.UserMessages));
        Assert.Equal(["invite", "remind"], results.ByStep.Select(c => c.StepKey));
        Assert.Equal(1, results.Targets);
    }
}

public sealed class RunRulesOnSqlite() : RunRulesTests(StoreKind.Sqlite);

public sealed class RunRulesOnPostgres() : RunRulesTests(StoreKind.PostgreSql), IPostgresTests;

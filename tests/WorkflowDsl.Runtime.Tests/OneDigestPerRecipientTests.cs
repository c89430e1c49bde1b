using WorkflowDsl.Plan;
using WorkflowDsl.Runtime.Storage;
using WorkflowDsl.Users;
using static WorkflowDsl.Runtime.Tests.Infrastructure.Scenario;

namespace WorkflowDsl.Runtime.Tests;

/// <summary>Issue 12 item 2, docs/product-rules.md R-MSG-3: a manager or HR partner gets ONE digest per
/// run, across every digest step and repeat and across their roles, listing each user with the step and
/// repeat they reached; never two digests to one recipient on one channel in one run.</summary>
public abstract class OneDigestPerRecipientTests(StoreKind store)
{
    private static readonly string[] C1 = ["C1"];

    //  0 invite                              (to the user)
    //  1 remind-manager     Email            (boss / hr as manager)
    //  2 wait-7d
    //  3 escalate           Email|Sms        (manager)
    //  4 repeat-7d-x2       repeats escalate (manager), twice
    //  5 notify-hr-partner  Email            (HR partner)
    private static WorkflowPlan Plan() =>
        Workflow.Named("X").ForContents("C1").TargetGroup(t => t.ExcludingUsers("boss", "hr"))
            .Invite(Channel.Email)
            .RemindManager(Channel.Email)
            .Wait(7.Days())
            .Message(Recipient.Manager, Channel.Email | Channel.Sms, "manager-notification", key: "escalate")
            .WaitAndRepeat(7.Days(), times: 2)
            .NotifyHrPartner(Channel.Email)
            .Build("x");

    private static DirectoryUser Person(string id, string? manager, string? hr, string? phone = null)
    {
        var u = User(id, manager);
        u.HrPartnerId = hr;
        u.Phone = phone;
        return u;
    }

    // boss has a phone, hr has only email. a, b, c report to boss and have hr as HR partner; d reports to
    // hr (so hr is a manager for d and an HR partner for a). a joins on day 0, b on day 7, c and d on day 14.
    private static DirectoryUser[] People(int day) =>
    [
        Person("boss", null, null, phone: "+358401111111"),
        Person("hr", null, null),
        Person("a", "boss", "hr"),
        .. day >= 7 ? [Person("b", "boss", "hr")] : Array.Empty<DirectoryUser>(),
        .. day >= 14 ? [Person("c", "boss", "hr"), Person("d", "hr", null)] : Array.Empty<DirectoryUser>(),
    ];

    [StoreFact]
    public async Task A_manager_or_HR_partner_gets_one_digest_per_run_across_all_digest_steps_repeats_and_roles()
    {
        var s = await NewAsync();
        var plan = Plan();
        var byDay = new Dictionary<int, List<OutboxMessage>>();
        foreach (int day in new[] { 0, 7, 14, 21, 28 })
        {
            s.GoToDay(day);
            await s.ImportUsersAsync(C1, People(day));
            var report = await s.RunAsync(plan);
            byDay[day] = (await s.OutboxAsync()).Where(m => m.RunId == report.RunId && m.RecipientKind != Recipient.User).ToList();
            Assert.Equal(byDay[day].Count, report.DigestMessages);
        }

        // Worked out from the steps (a delay counts from the last message to or about the user, and a
        // digest restarts it; a repeat restarts it too):
        //  day 0   a: invite, remind-manager, waits.
        //  day 7   a: wait up -> escalate, waits at the repeat.      b: joins -> invite, remind-manager.
        //  day 14  a: repeat 1.  b: escalate.  c: remind-manager.    d: remind-manager (to hr, d's manager).
        //  day 21  a: repeat 2.  b: repeat 1.  c: escalate.          d: escalate (to hr).
        //  day 28  a: two repeats done, delay up -> notify-hr-partner (hr), finished.
        //          b: repeat 2.  c: repeat 1.                        d: repeat 1 (to hr).
        var expected = new Dictionary<int, string[]>
        {
            [0] = ["boss: a@remind-manager#0"],
            [7] = ["boss: a@escalate#0, b@remind-manager#0"],
            [14] = ["boss: a@repeat-7d-x2#1, b@escalate#0, c@remind-manager#0", "hr: d@remind-manager#0"],
            [21] = ["boss: a@repeat-7d-x2#2, b@repeat-7d-x2#1, c@escalate#0", "hr: d@escalate#0"],
            [28] = ["boss: b@repeat-7d-x2#2, c@repeat-7d-x2#1", "hr: a@notify-hr-partner#0, d@repeat-7d-x2#1"],
        };
        foreach (var (day, digests) in byDay)
        {
            Assert.Equal(expected[day], digests.Select(Listing).Order(StringComparer.Ordinal));
            // Per recipient and channel: one digest in this run.
            foreach (var channel in new[] { Channel.Email, Channel.Push, Channel.Sms })
                Assert.All(digests.GroupBy(d => d.RecipientId), g => Assert.True(g.Count(d => ((d.Channels | d.SkippedChannels) & channel) != 0) <= 1, $"day {day}: {g.Key} has two {channel} digests"));
            Assert.All(digests, d => Assert.Equal(d.Entries.Count, d.ListedUsers));
        }

        // A digest goes out on every channel any of its steps asked for: on day 7 escalate asked for
        // Email|Sms and remind-manager for Email, so boss (who has a phone) gets Email|Sms; it is counted
        // under the entry furthest in the workflow (escalate, step 3, after remind-manager, step 1).
        var day7 = byDay[7].Single();
        Assert.Equal((Channel.Email | Channel.Sms, Channel.None, "escalate", 0, Recipient.Manager), (day7.Channels, day7.SkippedChannels, day7.StepKey, day7.Repeat, day7.RecipientKind));
        // On day 28 hr's digest: notify-hr-partner (step 5) is furthest, so it is an HR-partner digest; hr
        // has no phone, so the SMS the repeat of escalate asked for is skipped with the reason.
        var hr28 = byDay[28].Single(d => d.RecipientId == "hr");
        Assert.Equal((Channel.Email, Channel.Sms, "notify-hr-partner", 0, Recipient.HrPartner), (hr28.Channels, hr28.SkippedChannels, hr28.StepKey, hr28.Repeat, hr28.RecipientKind));
        Assert.Contains(hr28.Results, r => r.Channel == Channel.Sms && r.Status == DeliveryStatus.Skipped);
        Assert.All(byDay.Values.SelectMany(d => d), d => Assert.Equal("manager-notification", d.TemplateId));
    }

    [StoreFact]
    public async Task A_chunked_run_also_plans_one_digest_per_recipient_for_the_whole_run()
    {
        var s = await NewAsync();
        var plan = Plan();
        foreach (int day in new[] { 0, 7, 14 })
        {
            s.GoToDay(day);
            await s.ImportUsersAsync(C1, People(day));
            if (day < 14) { await s.RunAsync(plan); continue; }
            // Day 14 in chunks of one user: a, b, c and d in four chunks, all of boss's users in different chunks.
            var run = await s.Engine.BeginChunkedRunAsync(plan, RunTrigger.Manual, "test", chunkSize: 1);
            foreach (var chunk in run.Chunks) await s.Engine.ProcessChunkAsync(plan, run.RunId, chunk);
            var report = await s.Engine.FinishChunkedRunAsync(plan, run.RunId);
            var digests = (await s.OutboxAsync()).Where(m => m.RunId == run.RunId && m.RecipientKind != Recipient.User).ToList();

            // The same as the single pass on day 14 in the test above.
            Assert.Equal(["boss: a@repeat-7d-x2#1, b@escalate#0, c@remind-manager#0", "hr: d@remind-manager#0"], digests.Select(Listing).Order(StringComparer.Ordinal));
            Assert.Equal(2, report.DigestMessages);
        }
    }

    private static string Listing(OutboxMessage digest) =>
        digest.RecipientId + ": " + string.Join(", ", digest.Entries.Select(e => $"{e.TargetUserId}@{e.StepKey}#{e.Repeat}").Order(StringComparer.Ordinal));

    private Task<Scenario> NewAsync() => Scenario.CreateAsync(store);
}

public sealed class OneDigestPerRecipientOnSqlite() : OneDigestPerRecipientTests(StoreKind.Sqlite);

public sealed class OneDigestPerRecipientOnPostgres() : OneDigestPerRecipientTests(StoreKind.PostgreSql), IPostgresTests;

using WorkflowDsl.Plan;
using WorkflowDsl.Runtime.Storage;
using WorkflowDsl.Users;
using static WorkflowDsl.Runtime.Tests.Infrastructure.Scenario;

namespace WorkflowDsl.Runtime.Tests;

/// <summary>Issue 12 item 3, docs/product-rules.md R-RUN-6: a changed definition never sends a person a
/// message for a step they already had, for every kind of change, with derived keys (no explicit keys).
/// Each test runs v1 on days 0, 7 and 14 and then v2 on days 21, 28 and 35, with three people at
/// different places when the definition changes:
/// <list type="bullet">
/// <item>first (joined day 0): had the invitation (day 0), the email reminder (day 7) and the SMS
/// reminder (day 14): finished;</item>
/// <item>second (joined day 7): had the invitation (day 7) and the email reminder (day 14), waiting for
/// the SMS reminder;</item>
/// <item>third (joined day 14): had the invitation (day 14), waiting for the email reminder.</item>
/// </list>
/// v1 is <c>Invite(Email) [invite], Wait(7d) [wait-7d], Remind(Email) [remind], Wait(7d) [wait-7d-2],
/// Remind(Sms) [remind-2]</c>. Messages are written "template:channels@day" (every step in these plans
/// sends a different content, so a content twice for one person would be a resend).</summary>
public abstract class ChangedDefinitionTests(StoreKind store)
{
    private static readonly string[] C1 = ["C1"];

    private static WorkflowDefinition Base() => Workflow.Named("X").ForContents("C1");

    private static WorkflowPlan V1() =>
        Base().Invite(Channel.Email).Wait(7.Days()).Remind(Channel.Email).Wait(7.Days()).Remind(Channel.Sms).Build("x");

    // What v1 sent by day 14 (worked out from the steps above).
    private static readonly string[] FirstV1 = ["invitation:Email@0", "reminder:Email@7", "reminder:Sms@14"];
    private static readonly string[] SecondV1 = ["invitation:Email@7", "reminder:Email@14"];
    private static readonly string[] ThirdV1 = ["invitation:Email@14"];

    private static DirectoryUser[] People(int day) =>
    [
        User("first"),
        .. day >= 7 ? [User("second")] : Array.Empty<DirectoryUser>(),
        .. day >= 14 ? [User("third")] : Array.Empty<DirectoryUser>(),
    ];

    private async Task<Dictionary<string, List<string>>> RunAsync(WorkflowPlan v1, WorkflowPlan v2)
    {
        var s = await Scenario.CreateAsync(store);
        foreach (int day in new[] { 0, 7, 14 })
        {
            s.GoToDay(day);
            await s.ImportUsersAsync(C1, People(day));
            await s.RunAsync(v1);
        }
        foreach (int day in new[] { 21, 28, 35 })
        {
            s.GoToDay(day);
            await s.RunAsync(v2);
        }
        var sent = (await s.OutboxAsync()).Where(m => m.RecipientKind == Recipient.User)
            .GroupBy(m => m.RecipientId)
            .ToDictionary(g => g.Key, g => g.OrderBy(m => m.CreatedAt).ThenBy(m => m.Id)
                .Select(m => $"{m.TemplateId}:{m.Channels | m.SkippedChannels}{(m.Repeat > 0 ? "#" + m.Repeat : "")}@{(m.CreatedAt - Day0.UtcDateTime).Days}").ToList());
        // Nobody got one content (template, channels, repeat) twice.
        foreach (var (user, messages) in sent)
            Assert.True(messages.Select(m => m[..m.IndexOf('@')]).Distinct().Count() == messages.Count, $"{user} got a message twice: {string.Join(", ", messages)}");
        return sent;
    }

    private static string[] Then(string[] before, params string[] after) => [.. before, .. after];

    [StoreFact]
    public async Task A_step_added_at_the_start_is_not_sent_to_people_past_it_and_nobody_gets_a_step_twice()
    {
        // v2: Remind(Push) [remind], Invite, Wait(7d), Remind(Email) [remind-2], Wait(7d) [wait-7d-2], Remind(Sms) [remind-3]:
        // the derived keys of the two old reminders moved (remind -> remind-2, remind-2 -> remind-3).
        var v2 = Base().Remind(Channel.Push).Invite(Channel.Email).Wait(7.Days()).Remind(Channel.Email).Wait(7.Days()).Remind(Channel.Sms).Build("x");

        var sent = await RunAsync(V1(), v2);

        // first: finished after remind-2 (now the email reminder); the SMS reminder (now remind-3) they had under remind-2: nothing.
        Assert.Equal(FirstV1, sent["first"]);
        // second: at wait-7d-2 (still there); the SMS reminder is due on day 21 and they never had it.
        Assert.Equal(Then(SecondV1, "reminder:Sms@21"), sent["second"]);
        // third: at wait-7d; the email reminder on day 21, the SMS one on day 28. The push step is before them.
        Assert.Equal(Then(ThirdV1, "reminder:Email@21", "reminder:Sms@28"), sent["third"]);
    }

    [StoreFact]
    public async Task A_step_added_in_the_middle_is_sent_to_people_before_it_only()
    {
        // v2: Invite, Wait(7d), Remind(Email) [remind], Remind(Push) [remind-2], Wait(7d) [wait-7d-2], Remind(Sms) [remind-3].
        var v2 = Base().Invite(Channel.Email).Wait(7.Days()).Remind(Channel.Email).Remind(Channel.Push).Wait(7.Days()).Remind(Channel.Sms).Build("x");

        var sent = await RunAsync(V1(), v2);

        Assert.Equal(FirstV1, sent["first"]);
        Assert.Equal(Then(SecondV1, "reminder:Sms@21"), sent["second"]);
        // third reaches the email reminder on day 21 and the new push reminder right after it.
        Assert.Equal(Then(ThirdV1, "reminder:Email@21", "reminder:Push@21", "reminder:Sms@28"), sent["third"]);
    }

    [StoreFact]
    public async Task A_step_added_at_the_end_is_sent_to_everyone_including_finished_people()
    {
        var v2 = Base().Invite(Channel.Email).Wait(7.Days()).Remind(Channel.Email).Wait(7.Days()).Remind(Channel.Sms).Remind(Channel.Push).Build("x");

        var sent = await RunAsync(V1(), v2);

        Assert.Equal(Then(FirstV1, "reminder:Push@21"), sent["first"]);
        Assert.Equal(Then(SecondV1, "reminder:Sms@21", "reminder:Push@21"), sent["second"]);
        Assert.Equal(Then(ThirdV1, "reminder:Email@21", "reminder:Sms@28", "reminder:Push@28"), sent["third"]);
    }

    [StoreFact]
    public async Task A_removed_step_shifts_derived_keys_and_still_nobody_gets_a_step_twice()
    {
        // v2 removes the email reminder and its wait: Invite, Wait(7d), Remind(Sms) [remind]. The SMS
        // reminder takes the derived key "remind" the email reminder had, so it counts as the step second
        // already had (the case WFDSL023 warns about: give the reminders explicit keys).
        var v2 = Base().Invite(Channel.Email).Wait(7.Days()).Remind(Channel.Sms).Build("x");

        var sent = await RunAsync(V1(), v2);

        Assert.Equal(FirstV1, sent["first"]);
        // second: wait-7d-2 is gone; after the last step passed ("remind") is the end: finished.
        Assert.Equal(SecondV1, sent["second"]);
        // third: at wait-7d; the SMS reminder on day 21.
        Assert.Equal(Then(ThirdV1, "reminder:Sms@21"), sent["third"]);
    }

    [StoreFact]
    public async Task Reordered_steps_of_different_kinds_keep_their_keys_and_are_not_resent()
    {
        // v2 moves the invitation to the end: Wait(7d), Remind(Email), Wait(7d) [wait-7d-2], Remind(Sms), Invite.
        var v2 = Base().Wait(7.Days()).Remind(Channel.Email).Wait(7.Days()).Remind(Channel.Sms).Invite(Channel.Email).Build("x");

        var sent = await RunAsync(V1(), v2);

        // Everyone had the invitation: it is never sent again.
        Assert.Equal(FirstV1, sent["first"]);
        Assert.Equal(Then(SecondV1, "reminder:Sms@21"), sent["second"]);
        Assert.Equal(Then(ThirdV1, "reminder:Email@21", "reminder:Sms@28"), sent["third"]);
    }

    [StoreFact]
    public async Task Swapping_two_steps_of_the_same_kind_without_keys_never_resends()
    {
        // v2 swaps the reminders: Invite, Wait(7d), Remind(Sms) [remind], Wait(7d) [wait-7d-2], Remind(Email) [remind-2].
        // Their derived keys swap too: "remind-2" now names the email reminder second already had (as "remind").
        var v2 = Base().Invite(Channel.Email).Wait(7.Days()).Remind(Channel.Sms).Wait(7.Days()).Remind(Channel.Email).Build("x");

        var sent = await RunAsync(V1(), v2);

        Assert.Equal(FirstV1, sent["first"]);
        // second: at wait-7d-2; next is remind-2, the email reminder they had: not sent; finished.
        Assert.Equal(SecondV1, sent["second"]);
        // third had neither reminder: the SMS one on day 21, the email one on day 28, in v2's order.
        Assert.Equal(Then(ThirdV1, "reminder:Sms@21", "reminder:Email@28"), sent["third"]);
    }

    [StoreFact]
    public async Task A_changed_delay_counts_from_the_last_message_and_sends_nothing_twice()
    {
        // v2 changes the second wait to 10 days: its key becomes wait-10d (wait-7d-2 is gone).
        var v2 = Base().Invite(Channel.Email).Wait(7.Days()).Remind(Channel.Email).Wait(10.Days()).Remind(Channel.Sms).Build("x");

        var sent = await RunAsync(V1(), v2);

        Assert.Equal(FirstV1, sent["first"]);
        // second: wait-7d-2 gone, after "remind" is wait-10d: 10 days from day 14 is day 24, so the run on day 28.
        Assert.Equal(Then(SecondV1, "reminder:Sms@28"), sent["second"]);
        // third: email reminder on day 21, then 10 days: day 31, so the run on day 35.
        Assert.Equal(Then(ThirdV1, "reminder:Email@21", "reminder:Sms@35"), sent["third"]);
    }

    [StoreFact]
    public async Task Changing_a_repeats_times_does_not_resend_the_repeats_already_had()
    {
        // v1: Invite, WaitAndRepeat(7d, 2) [repeat-7d-x2]; v2 makes it 3 times [repeat-7d-x3], a new key.
        var v1 = Base().Invite(Channel.Email).WaitAndRepeat(7.Days(), times: 2).Build("x");
        var v2 = Base().Invite(Channel.Email).WaitAndRepeat(7.Days(), times: 3).Build("x");

        var sent = await RunAsync(v1, v2);

        // first: invitation day 0, repeat 1 day 7, repeat 2 day 14. Under v2 the repeat step is new, so the
        // cursor comes back to it with no repeats counted: on day 21 repeat 1 is the one had (day 7): not
        // sent, it counts as the repeat and restarts the wait (R-STEP-3); day 28 repeat 2 had; day 35
        // repeat 3, which nobody had: sent.
        Assert.Equal(["invitation:Email@0", "invitation:Email#1@7", "invitation:Email#2@14", "invitation:Email#3@35"], sent["first"]);
        // second: invitation day 7, repeat 1 day 14; under v2 repeat 1 had (day 21), repeat 2 day 28, repeat 3 day 35.
        Assert.Equal(["invitation:Email@7", "invitation:Email#1@14", "invitation:Email#2@28", "invitation:Email#3@35"], sent["second"]);
        // third: invitation day 14; repeats 1, 2, 3 on days 21, 28, 35 (no history of repeats).
        Assert.Equal(["invitation:Email@14", "invitation:Email#1@21", "invitation:Email#2@28", "invitation:Email#3@35"], sent["third"]);
    }

    [StoreFact]
    public async Task Explicit_keys_make_a_swap_follow_the_steps()
    {
        // With explicit keys (what WFDSL023's code fix writes) the swap is only a reorder: second had the
        // email reminder ("r-email") and is waiting at "w2" for the SMS one, which v2 now has before "w2":
        // it is before their place, so it is not sent; nothing is sent twice.
        var v1 = Base().Invite(Channel.Email).Wait(7.Days(), key: "w1").Remind(Channel.Email, key: "r-email").Wait(7.Days(), key: "w2").Remind(Channel.Sms, key: "r-sms").Build("x");
        var v2 = Base().Invite(Channel.Email).Wait(7.Days(), key: "w1").Remind(Channel.Sms, key: "r-sms").Wait(7.Days(), key: "w2").Remind(Channel.Email, key: "r-email").Build("x");

        var sent = await RunAsync(v1, v2);

        Assert.Equal(FirstV1, sent["first"]);
        Assert.Equal(SecondV1, sent["second"]);
        Assert.Equal(Then(ThirdV1, "reminder:Sms@21", "reminder:Email@28"), sent["third"]);
    }
}

public sealed class ChangedDefinitionOnSqlite() : ChangedDefinitionTests(StoreKind.Sqlite);

public sealed class ChangedDefinitionOnPostgres() : ChangedDefinitionTests(StoreKind.PostgreSql), IPostgresTests;

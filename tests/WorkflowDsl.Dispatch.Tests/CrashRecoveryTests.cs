using WorkflowDsl.Delivery.Sending;
using WorkflowDsl.Delivery.Tests.Servers;
using WorkflowDsl.Dispatch.Dispatching;
using WorkflowDsl.Dispatch.Storage;
using WorkflowDsl.Dispatch.Tests.Infrastructure;
using WorkflowDsl.Plan;

namespace WorkflowDsl.Dispatch.Tests;

/// <summary>The guarantee of docs/delivery-guarantees.md: nothing is lost; a message is sent twice only
/// when it was handed to the provider and the dispatcher stopped before recording the outcome.</summary>
public sealed class CrashRecoveryTests
{
    private sealed class SimulatedCrash : Exception;

    private static WorkflowPlan EmailPlan() =>
        Workflow.Named("Crash test").ForContents("C1").TargetGroup(t => t.Assignees(Assignment.Mandatory)).Invite(Channel.Email).Build("crash-test");

    private static DispatcherOptions Options(Func<DispatchPoint, OutgoingMessage?, Task>? hook = null) =>
        new() { BatchSize = 4, MaxParallelSends = 1, ClaimTimeout = TimeSpan.FromMinutes(10), OnPoint = hook };

    private static Dictionary<string, int> CountByRecipient(TestSmtpServer smtp) =>
        smtp.Messages.GroupBy(m => Assert.Single(m.EnvelopeTo)).ToDictionary(g => g.Key, g => g.Count());

    [Fact]
    public Task Killed_after_the_provider_accepted_and_before_the_result_was_recorded_the_accepted_messages_go_out_once_more_and_nothing_is_lost() =>
        KilledAfterHandOff(postgres: false);

    [PostgresFact]
    public Task On_PostgreSQL_killed_after_the_hand_off_exactly_the_accepted_unrecorded_messages_go_out_twice() =>
        KilledAfterHandOff(postgres: true);

    private static async Task KilledAfterHandOff(bool postgres)
    {
        await using var world = await DispatchWorld.CreateAsync(users: 8, postgres);
        await using var smtp = new TestSmtpServer();
        await using var email = world.Smtp(smtp, connections: 1);
        var plan = EmailPlan();
        await world.RunAsync(plan);
        int handed = 0;
        var crashing = world.Dispatcher([email], plan, Options((point, _) =>
            point == DispatchPoint.AfterSend && Interlocked.Increment(ref handed) == 6 ? throw new SimulatedCrash() : Task.CompletedTask));

        await Assert.ThrowsAsync<SimulatedCrash>(() => crashing.DispatchAsync());

        // Batch 1 (u1..u4) was recorded; batch 2 (u5..u8) is claimed; the provider accepted u5 and u6.
        var accepted = CountByRecipient(smtp);
        Assert.Equal(["u1", "u2", "u3", "u4", "u5", "u6"], accepted.Keys.Select(k => k.Split('@')[0]).Order().ToArray());
        var inFlight = (await world.AttemptsAsync()).Where(a => a.State == AttemptState.InFlight).Select(a => a.OutboxMessageId).ToList();
        Assert.Equal(4, inFlight.Count);

        // A restart inside the claim timeout leaves the claimed messages alone (their dispatcher may still be working).
        var restarted = world.Dispatcher([email], plan, Options());
        var early = await restarted.DispatchAsync();
        Assert.Equal(0, early.Sent);
        Assert.Equal(4, early.For(Channel.Email).Deferred);

        // After the claim timeout the claims are abandoned and sent again.
        world.Clock.Advance(TimeSpan.FromMinutes(11));
        var late = await restarted.DispatchAsync();
        Assert.Equal(4, late.For(Channel.Email).Sent);

        var counts = CountByRecipient(smtp);
        Assert.Equal(8, counts.Count);
        foreach (var (recipient, count) in counts)
            Assert.Equal(recipient is "u5@example.com" or "u6@example.com" ? 2 : 1, count);
        // The duplicates carry the same Message-Id, so receiving systems can drop them.
        foreach (var twice in new[] { "u5@example.com", "u6@example.com" })
            Assert.Single(smtp.Messages.Where(m => m.EnvelopeTo[0] == twice).Select(m => m.Message.MessageId).Distinct());
        var attempts = await world.AttemptsAsync();
        Assert.Equal(4, attempts.Count(a => a.State == AttemptState.OutcomeUnknown));
        Assert.Equal(8, attempts.Count(a => a.State == AttemptState.Sent));
        Assert.Equal(0, (await restarted.DispatchAsync()).Sent);
    }

    [Fact]
    public async Task Killed_after_the_claim_and_before_the_hand_off_every_message_goes_out_exactly_once()
    {
        await using var world = await DispatchWorld.CreateAsync(users: 8);
        await using var smtp = new TestSmtpServer();
        await using var email = world.Smtp(smtp, connections: 1);
        var plan = EmailPlan();
        await world.RunAsync(plan);
        int claims = 0;
        var crashing = world.Dispatcher([email], plan, Options((point, _) =>
            point == DispatchPoint.AfterClaim && Interlocked.Increment(ref claims) == 2 ? throw new SimulatedCrash() : Task.CompletedTask));

        await Assert.ThrowsAsync<SimulatedCrash>(() => crashing.DispatchAsync());
        Assert.Equal(4, smtp.Messages.Count);

        world.Clock.Advance(TimeSpan.FromMinutes(11));
        var restarted = world.Dispatcher([email], plan, Options());
        var report = await restarted.DispatchAsync();

        Assert.Equal(4, report.For(Channel.Email).Sent);
        var counts = CountByRecipient(smtp);
        Assert.Equal(8, counts.Count);
        Assert.All(counts.Values, c => Assert.Equal(1, c));
        Assert.Equal(0, (await restarted.DispatchAsync()).Sent);
    }
}

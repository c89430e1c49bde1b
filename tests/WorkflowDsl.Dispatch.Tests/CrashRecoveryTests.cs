using WorkflowDsl.Delivery.Sending;
using WorkflowDsl.Delivery.Tests.Servers;
using WorkflowDsl.Dispatch.Dispatching;
using WorkflowDsl.Dispatch.Storage;
using WorkflowDsl.Dispatch.Tests.Infrastructure;
using WorkflowDsl.Plan;
using WorkflowDsl.Runtime.Storage;

namespace WorkflowDsl.Dispatch.Tests;

/// <summary>The guarantee of docs/delivery-guarantees.md: nothing is lost; a message is sent twice only
/// when it was handed to the provider and the dispatcher stopped before recording the outcome. Batches
/// are pipelined (batch N+1 is claimed and batch N−1 recorded while batch N is handed off), so that window
/// holds at most the previous batch and the handed-off part of the current one; a claimed message that
/// was not handed off goes out exactly once.</summary>
public sealed class CrashRecoveryTests
{
    private sealed class SimulatedCrash : Exception;

    private static WorkflowPlan EmailPlan() =>
        Workflow.Named("Crash test").ForContents("C1").TargetGroup(t => t.Assignees(Assignment.Mandatory)).Invite(Channel.Email).Build("crash-test");

    private static DispatcherOptions Options(Func<DispatchPoint, OutgoingMessage?, Task>? hook = null) =>
        new() { BatchSize = 4, MaxParallelSends = 1, ClaimTimeout = TimeSpan.FromMinutes(10), OnPoint = hook };

    private static Dictionary<string, int> CountByRecipient(TestSmtpServer smtp) =>
        smtp.Messages.GroupBy(m => Assert.Single(m.EnvelopeTo)).ToDictionary(g => g.Key, g => g.Count());

    /// <summary>Each of the eight users got the email: the users named in <paramref name="twice"/>
    /// twice, every other user once.</summary>
    private static void AssertArrivals(TestSmtpServer smtp, params string[] twice)
    {
        var counts = CountByRecipient(smtp);
        Assert.Equal(8, counts.Count);
        foreach (var (recipient, count) in counts)
            Assert.Equal(twice.Any(user => recipient == user + "@example.com") ? 2 : 1, count);
    }

    /// <summary>Restarts the dispatcher on the crashed one's claims: inside the claim timeout it leaves the
    /// <paramref name="claimed"/> messages alone (their dispatcher may still be working); after it, it
    /// sends them. Returns the restarted dispatcher.</summary>
    private static async Task<OutboxDispatcher> RestartAfterClaimTimeoutAsync(DispatchWorld world, IChannelSender email, WorkflowPlan plan, int claimed)
    {
        var restarted = world.Dispatcher([email], plan, Options());
        var early = await restarted.DispatchAsync();
        Assert.Equal(0, early.Sent);
        Assert.Equal(claimed, early.For(Channel.Email).Deferred);

        world.Clock.Advance(TimeSpan.FromMinutes(11));
        var late = await restarted.DispatchAsync();
        Assert.Equal(claimed, late.For(Channel.Email).Sent);
        return restarted;
    }

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

        // Batch 1 (u1..u4) was recorded (the database lane finished its step while batch 2 was handed off);
        // batch 2 (u5..u8) is claimed; the provider accepted u5 and u6.
        var accepted = CountByRecipient(smtp);
        Assert.Equal(["u1", "u2", "u3", "u4", "u5", "u6"], accepted.Keys.Select(k => k.Split('@')[0]).Order().ToArray());
        var inFlight = (await world.AttemptsAsync()).Where(a => a.State == AttemptState.InFlight).Select(a => a.OutboxMessageId).ToList();
        Assert.Equal(4, inFlight.Count);

        // After the claim timeout the claims are abandoned and sent again.
        var restarted = await RestartAfterClaimTimeoutAsync(world, email, plan, claimed: 4);

        AssertArrivals(smtp, twice: ["u5", "u6"]);
        // The duplicates carry the same Message-Id, so receiving systems can drop them.
        foreach (var twice in new[] { "u5@example.com", "u6@example.com" })
            Assert.Single(smtp.Messages.Where(m => m.EnvelopeTo[0] == twice).Select(m => m.Message.MessageId).Distinct());
        var attempts = await world.AttemptsAsync();
        Assert.Equal(4, attempts.Count(a => a.State == AttemptState.OutcomeUnknown));
        Assert.Equal(8, attempts.Count(a => a.State == AttemptState.Sent));
        Assert.Equal(0, (await restarted.DispatchAsync()).Sent);
    }

    [Fact]
    public async Task Killed_while_the_previous_batch_was_being_recorded_that_batch_and_the_accepted_part_of_the_current_one_go_out_once_more()
    {
        await using var world = await DispatchWorld.CreateAsync(users: 8);
        await using var smtp = new TestSmtpServer();
        await using var email = world.Smtp(smtp, connections: 1);
        var plan = EmailPlan();
        await world.RunAsync(plan);
        int handed = 0;
        var sixthAccepted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // The widest window: batch 1's record has not committed when the provider accepts u6 of batch 2,
        // and then the process dies.
        var crashing = world.Dispatcher([email], plan, Options(async (point, _) =>
        {
            if (point == DispatchPoint.BeforeRecord)
            {
                await sixthAccepted.Task;
                throw new SimulatedCrash();
            }
            if (point == DispatchPoint.AfterSend && Interlocked.Increment(ref handed) == 6)
            {
                sixthAccepted.SetResult();
                throw new SimulatedCrash();
            }
        }));

        await Assert.ThrowsAsync<SimulatedCrash>(() => crashing.DispatchAsync());

        Assert.Equal(["u1", "u2", "u3", "u4", "u5", "u6"], CountByRecipient(smtp).Keys.Select(k => k.Split('@')[0]).Order().ToArray());
        Assert.Empty(await world.ResultsAsync());
        Assert.Equal(8, (await world.AttemptsAsync()).Count(a => a.State == AttemptState.InFlight));

        var restarted = await RestartAfterClaimTimeoutAsync(world, email, plan, claimed: 8);

        // Exactly the six handed-off, unrecorded messages went out twice (same Message-Id); u7 and u8 once.
        AssertArrivals(smtp, twice: ["u1", "u2", "u3", "u4", "u5", "u6"]);
        Assert.All(smtp.Messages.GroupBy(m => m.EnvelopeTo[0]), g => Assert.Single(g.Select(m => m.Message.MessageId).Distinct()));
        var attempts = await world.AttemptsAsync();
        Assert.Equal(8, attempts.Count(a => a.State == AttemptState.OutcomeUnknown));
        Assert.Equal(8, attempts.Count(a => a.State == AttemptState.Sent));
        Assert.Equal(0, (await restarted.DispatchAsync()).Sent);
    }

    [Fact]
    public async Task Killed_after_the_first_claim_and_before_any_hand_off_every_message_goes_out_exactly_once()
    {
        await using var world = await DispatchWorld.CreateAsync(users: 8);
        await using var smtp = new TestSmtpServer();
        await using var email = world.Smtp(smtp, connections: 1);
        var plan = EmailPlan();
        await world.RunAsync(plan);
        var crashing = world.Dispatcher([email], plan, Options((point, _) =>
            point == DispatchPoint.AfterClaim ? throw new SimulatedCrash() : Task.CompletedTask));

        await Assert.ThrowsAsync<SimulatedCrash>(() => crashing.DispatchAsync());
        Assert.Empty(smtp.Messages);
        Assert.Equal(4, (await world.AttemptsAsync()).Count(a => a.State == AttemptState.InFlight));

        world.Clock.Advance(TimeSpan.FromMinutes(11));
        var restarted = world.Dispatcher([email], plan, Options());
        var report = await restarted.DispatchAsync();

        Assert.Equal(8, report.For(Channel.Email).Sent);
        AssertArrivals(smtp, twice: []);
        Assert.Equal(0, (await restarted.DispatchAsync()).Sent);
    }

    [Fact]
    public async Task Killed_after_claiming_the_next_batch_while_the_previous_was_handed_off_the_claimed_batch_goes_out_once_and_the_handed_off_one_twice()
    {
        await using var world = await DispatchWorld.CreateAsync(users: 8);
        await using var smtp = new TestSmtpServer();
        await using var email = world.Smtp(smtp, connections: 1);
        var plan = EmailPlan();
        await world.RunAsync(plan);
        int claims = 0, handed = 0;
        var batchOneHandedOff = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // Batch 2 is claimed while batch 1 is handed off; the process dies after batch 1's four hand-offs,
        // before batch 1 is recorded and before anything of batch 2 is handed off.
        var crashing = world.Dispatcher([email], plan, Options(async (point, _) =>
        {
            if (point == DispatchPoint.AfterSend && Interlocked.Increment(ref handed) == 4) batchOneHandedOff.SetResult();
            if (point == DispatchPoint.AfterClaim && Interlocked.Increment(ref claims) == 2)
            {
                await batchOneHandedOff.Task;
                throw new SimulatedCrash();
            }
        }));

        await Assert.ThrowsAsync<SimulatedCrash>(() => crashing.DispatchAsync());
        Assert.Equal(4, smtp.Messages.Count);
        Assert.Empty(await world.ResultsAsync());
        Assert.Equal(8, (await world.AttemptsAsync()).Count(a => a.State == AttemptState.InFlight));

        world.Clock.Advance(TimeSpan.FromMinutes(11));
        var restarted = world.Dispatcher([email], plan, Options());
        var report = await restarted.DispatchAsync();

        Assert.Equal(8, report.For(Channel.Email).Sent);
        AssertArrivals(smtp, twice: ["u1", "u2", "u3", "u4"]);
        Assert.Equal(0, (await restarted.DispatchAsync()).Sent);
    }
}

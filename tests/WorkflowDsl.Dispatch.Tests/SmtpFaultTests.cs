using WorkflowDsl.Delivery.Sending;
using WorkflowDsl.Delivery.Tests.Servers;
using WorkflowDsl.Dispatch.Dispatching;
using WorkflowDsl.Dispatch.Storage;
using WorkflowDsl.Dispatch.Tests.Infrastructure;
using WorkflowDsl.Plan;
using WorkflowDsl.Runtime.Storage;

namespace WorkflowDsl.Dispatch.Tests;

public sealed class SmtpFaultTests
{
    private static WorkflowPlan EmailPlan() =>
        Workflow.Named("Fault test").ForContents("C1").TargetGroup(t => t.Assignees(Assignment.Mandatory)).Invite(Channel.Email).Build("fault-test");

    private static Dictionary<string, int> CountByRecipient(IEnumerable<TestSmtpServer> servers) =>
        servers.SelectMany(s => s.Messages).GroupBy(m => Assert.Single(m.EnvelopeTo).Split('@')[0]).ToDictionary(g => g.Key, g => g.Count());

    [Fact]
    public async Task A_refused_recipient_is_recorded_as_failed_for_good_and_the_others_are_delivered()
    {
        await using var world = await DispatchWorld.CreateAsync(users: 5);
        await using var smtp = new TestSmtpServer();
        smtp.RefusedRecipients.Add("u3@example.com");
        await using var email = world.Smtp(smtp);
        var plan = EmailPlan();
        await world.RunAsync(plan);
        var dispatcher = world.Dispatcher([email], plan);

        var report = await dispatcher.DispatchAsync();
        var again = await dispatcher.DispatchAsync();

        Assert.Equal((4, 1), (report.For(Channel.Email).Sent, report.For(Channel.Email).Failed));
        Assert.Equal(0, again.Sent + again.For(Channel.Email).Failed);
        Assert.Equal(["u1", "u2", "u4", "u5"], CountByRecipient([smtp]).Keys.Order().ToArray());
        var failed = Assert.Single(await world.ResultsAsync(), r => r.Status == DeliveryStatus.Failed);
        Assert.Contains("550", failed.Reason);
    }

    [Fact]
    public async Task A_4xx_is_not_retried_in_place_but_rescheduled_as_the_messages_next_attempt_and_sent_by_a_pass_after_it()
    {
        await using var world = await DispatchWorld.CreateAsync(users: 4);
        await using var smtp = new TestSmtpServer();
        await using var email = world.Smtp(smtp, connections: 1);
        var plan = EmailPlan();
        await world.RunAsync(plan);
        var dispatcher = world.Dispatcher([email], plan, new DispatcherOptions { BatchSize = 10, MaxParallelSends = 1, TransientRetryDelay = TimeSpan.FromMinutes(1) });

        smtp.FailNextTransiently(3); // one try each (the sender's own retries are not used): u1, u2, u3 get 451, u4 goes through
        var first = await dispatcher.DispatchAsync();
        Assert.Equal((1, 3), (first.For(Channel.Email).Sent, first.For(Channel.Email).FailedTransient));
        var retry = Assert.Single(first.Pending);
        Assert.Equal((Channel.Email, PendingReason.RetryLater, 3, DispatchWorld.Day0.UtcDateTime.AddMinutes(1)), (retry.Channel, retry.Reason, retry.Count, retry.NextAttemptAt));

        var tooEarly = await dispatcher.DispatchAsync();
        Assert.Equal((0, 3), (tooEarly.Sent, tooEarly.For(Channel.Email).Deferred));

        world.Clock.Advance(TimeSpan.FromMinutes(1));
        var second = await dispatcher.DispatchAsync();
        Assert.Equal(3, second.For(Channel.Email).Sent);
        Assert.Empty(second.Pending);

        Assert.All(CountByRecipient([smtp]).Values, c => Assert.Equal(1, c));
        Assert.Equal(4, CountByRecipient([smtp]).Count);
        var attempts = await world.AttemptsAsync();
        Assert.Equal(3, attempts.Count(a => a.State == AttemptState.FailedTransient && a.Reason.Contains("451")
            && a.RetryNotBefore == DispatchWorld.Day0.UtcDateTime.AddMinutes(1)));
    }

    [Fact]
    public async Task Transient_failures_past_the_limit_are_recorded_as_failed()
    {
        await using var world = await DispatchWorld.CreateAsync(users: 1);
        await using var smtp = new TestSmtpServer();
        await using var email = world.Smtp(smtp, connections: 1);
        var plan = EmailPlan();
        await world.RunAsync(plan);
        var dispatcher = world.Dispatcher([email], plan, new DispatcherOptions { MaxTransientAttempts = 2, TransientRetryDelay = TimeSpan.Zero });

        smtp.FailNextTransiently(100);
        var first = await dispatcher.DispatchAsync();
        var second = await dispatcher.DispatchAsync();
        var third = await dispatcher.DispatchAsync();

        Assert.Equal(1, first.For(Channel.Email).FailedTransient);
        Assert.Equal(1, second.For(Channel.Email).Failed);
        Assert.Equal(0, third.MessagesRead);
        Assert.Contains("failed-transient 2 times", Assert.Single(await world.ResultsAsync()).Reason);
    }

    [Fact]
    public async Task The_server_disappearing_mid_batch_loses_nothing_and_sends_nothing_twice()
    {
        await using var world = await DispatchWorld.CreateAsync(users: 8);
        var plan = EmailPlan();
        await world.RunAsync(plan);
        var gone = new TestSmtpServer();
        await using var email = world.Smtp(gone, connections: 1);
        int handed = 0;
        var dispatcher = world.Dispatcher([email], plan, new DispatcherOptions
        {
            BatchSize = 8, MaxParallelSends = 1, TransientRetryDelay = TimeSpan.FromMinutes(1),
            OnPoint = async (point, _) =>
            {
                if (point == DispatchPoint.AfterSend && Interlocked.Increment(ref handed) == 3) await gone.DisposeAsync();
            },
        });

        var first = await dispatcher.DispatchAsync();
        Assert.Equal((3, 5), (first.For(Channel.Email).Sent, first.For(Channel.Email).FailedTransient));

        await using var back = new TestSmtpServer();
        await using var emailAgain = world.Smtp(back, connections: 1);
        world.Clock.Advance(TimeSpan.FromMinutes(2));
        var second = await world.Dispatcher([emailAgain], plan).DispatchAsync();

        Assert.Equal(5, second.For(Channel.Email).Sent);
        var counts = CountByRecipient([gone, back]);
        Assert.Equal(8, counts.Count);
        Assert.All(counts.Values, c => Assert.Equal(1, c));
    }
}

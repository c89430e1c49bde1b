using Microsoft.Extensions.Logging;
using WorkflowDsl.Delivery.Sending;
using WorkflowDsl.Delivery.Tests.Servers;
using WorkflowDsl.Dispatch.Dispatching;
using WorkflowDsl.Dispatch.Storage;
using WorkflowDsl.Dispatch.Tests.Infrastructure;
using WorkflowDsl.Plan;
using WorkflowDsl.Runtime.Storage;

namespace WorkflowDsl.Dispatch.Tests;

/// <summary>Issue 13, items 5–7: one channel's faults do not hold the others; every failure is logged and
/// counted; messages claimed by a dispatcher that died go out once their claim expires, and every pass
/// says why a message is still waiting. Real SMTP and FCM-shaped servers on 127.0.0.1, a fake clock: no
/// assertion depends on wall-clock time.</summary>
public sealed class DispatchUnderFaultsTests
{
    private static readonly DateTime Day0 = DispatchWorld.Day0.UtcDateTime;

    private static WorkflowPlan EmailAndPushPlan() =>
        Workflow.Named("Faults").ForContents("C1").TargetGroup(t => t.Assignees(Assignment.Mandatory)).Invite(Channel.Email | Channel.Push).Build("faults");

    private static WorkflowPlan EmailPlan() =>
        Workflow.Named("Crash").ForContents("C1").TargetGroup(t => t.Assignees(Assignment.Mandatory)).Invite(Channel.Email).Build("crash");

    private static Dictionary<string, int> EmailsByRecipient(TestSmtpServer smtp) =>
        smtp.Messages.GroupBy(m => Assert.Single(m.EnvelopeTo).Split('@')[0]).ToDictionary(g => g.Key, g => g.Count());

    [Fact]
    public async Task A_push_server_answering_429_Retry_After_30_to_every_request_does_not_delay_the_email_of_the_same_pass()
    {
        await using var world = await DispatchWorld.CreateAsync(users: 8);
        await using var smtp = new TestSmtpServer();
        await using var fcm = await FakeFcm.StartAsync();
        for (int i = 1; i <= 8; i++) fcm.Faults[$"device-u{i}"] = new FakeFcm.Fault.Busy(429, int.MaxValue, RetryAfterSeconds: 30);
        await using var email = world.Smtp(smtp, connections: 1);
        // The FCM sender's own retry policy would wait the 30 s Retry-After in place (MaxRetryAfter 60 s).
        using var push = DispatchWorld.Fcm(fcm);
        var plan = EmailAndPushPlan();
        await world.RunAsync(plan);
        // One sending slot per channel and batches of 4: with a wait in place, every email of a batch would wait for its push messages.
        var dispatcher = world.Dispatcher([email, push], plan, new DispatcherOptions { BatchSize = 4, MaxParallelSends = 1, TransientRetryDelay = TimeSpan.FromSeconds(10) });

        var first = await dispatcher.DispatchAsync();

        // Every email went out in this pass; the database says so and the SMTP server has each exactly once.
        Assert.Equal((8, 0), (first.For(Channel.Email).Sent, first.For(Channel.Email).FailedTransient));
        Assert.Equal(Enumerable.Range(1, 8).Select(i => $"u{i}").Order(), EmailsByRecipient(smtp).Keys.Order());
        Assert.All(EmailsByRecipient(smtp).Values, count => Assert.Equal(1, count));
        var results = await world.ResultsAsync();
        Assert.Equal(8, results.Count(r => r.Channel == Channel.Email && r.Status == DeliveryStatus.Delivered));
        Assert.DoesNotContain(results, r => r.Channel == Channel.Push);
        // Push: one request per message (nothing waited out in place), each rescheduled 30 s on (the Retry-After beats the 10 s retry delay).
        Assert.Equal(8, fcm.Requests);
        Assert.Equal(8, first.For(Channel.Push).FailedTransient);
        var pushAttempts = (await world.AttemptsAsync()).Where(a => a.Channel == Channel.Push).ToList();
        Assert.Equal(8, pushAttempts.Count);
        Assert.All(pushAttempts, a => Assert.Equal((AttemptState.FailedTransient, 1, Day0.AddSeconds(30)), (a.State, a.AttemptNumber, a.RetryNotBefore)));
        Assert.Equal(new PendingCount(Channel.Push, PendingReason.RetryLater, 8, Day0.AddSeconds(30)), Assert.Single(first.Pending));

        // Before the next attempt time nothing is sent; at it, each push message gets its second attempt.
        world.Clock.Advance(TimeSpan.FromSeconds(29));
        var early = await dispatcher.DispatchAsync();
        Assert.Equal((0, 8, 8), (early.Sent, early.For(Channel.Push).Deferred, fcm.Requests));
        world.Clock.Advance(TimeSpan.FromSeconds(1));
        var due = await dispatcher.DispatchAsync();
        Assert.Equal((8, 16), (due.For(Channel.Push).FailedTransient, fcm.Requests));
        Assert.Equal(8, smtp.Messages.Count);
    }

    [Fact]
    public async Task Every_transient_failure_is_a_warning_and_every_failure_for_good_an_error_with_message_id_channel_provider_code_and_next_attempt_and_the_counters_match()
    {
        using var telemetry = new CapturedTelemetry();
        await using var world = await DispatchWorld.CreateAsync(users: 8);
        await using var smtp = new TestSmtpServer();
        await using var fcm = await FakeFcm.StartAsync();
        // Three 429s (u2, u4, u6), one 503 (u8), one unregistered device (u7).
        foreach (int i in new[] { 2, 4, 6 }) fcm.Faults[$"device-u{i}"] = new FakeFcm.Fault.Busy(429, int.MaxValue, RetryAfterSeconds: 120);
        fcm.Faults["device-u8"] = new FakeFcm.Fault.Busy(503, int.MaxValue, RetryAfterSeconds: 1);
        fcm.Faults["device-u7"] = new FakeFcm.Fault.Error("UNREGISTERED", 404, "NOT_FOUND");
        await using var email = world.Smtp(smtp);
        using var push = DispatchWorld.Fcm(fcm);
        var plan = EmailAndPushPlan();
        await world.RunAsync(plan);
        var dispatcher = world.Dispatcher([email, push], plan, new DispatcherOptions { BatchSize = 4, TransientRetryDelay = TimeSpan.FromMinutes(1) },
            telemetry.Logger, telemetry.Meters);

        var report = await dispatcher.DispatchAsync();

        var outbox = (await world.OutboxAsync()).ToDictionary(m => m.RecipientId, m => m.Id);
        var warnings = telemetry.Entries.Where(e => e.EventId.Name == "DispatchFailedTransient").ToList();
        Assert.Equal(4, warnings.Count);
        Assert.All(warnings, w => Assert.Equal(LogLevel.Warning, w.Level));
        var expected = new[]
        {
            (outbox["u2"], "429 QUOTA_EXCEEDED", Day0.AddMinutes(2)), (outbox["u4"], "429 QUOTA_EXCEEDED", Day0.AddMinutes(2)),
            (outbox["u6"], "429 QUOTA_EXCEEDED", Day0.AddMinutes(2)), (outbox["u8"], "503 UNAVAILABLE", Day0.AddMinutes(1)),
        };
        Assert.Equal(expected, warnings.Select(w => ((long)w.Properties["OutboxMessageId"]!, (string)w.Properties["ProviderCode"]!, (DateTime)w.Properties["NextAttemptAt"]!)).Order());
        Assert.All(warnings, w => Assert.Equal(Channel.Push, w.Properties["Channel"]));
        var error = Assert.Single(telemetry.Entries, e => e.Level == LogLevel.Error);
        Assert.Equal(("DispatchFailedPermanent", outbox["u7"], "404 UNREGISTERED", Channel.Push),
            (error.EventId.Name, (long)error.Properties["OutboxMessageId"]!, (string)error.Properties["ProviderCode"]!, (Channel)error.Properties["Channel"]!));
        var summary = Assert.Single(telemetry.Entries, e => e.Level == LogLevel.Information);
        Assert.Equal(("DispatchPass", 11, 4), (summary.EventId.Name, (int)summary.Properties["Sent"]!, (int)summary.Properties["FailedTransient"]!));

        // Nothing personal or secret in any entry: no address, phone number, device token, message text or access token.
        foreach (var entry in telemetry.Entries)
        {
            Assert.DoesNotContain("@example.com", entry.Text);
            Assert.DoesNotContain("+3584", entry.Text);
            Assert.DoesNotContain("device-u", entry.Text);
            Assert.DoesNotContain("Fire safety", entry.Text);
            Assert.DoesNotContain("ya29.", entry.Text);
        }

        // The counters, per channel and provider code, and one latency measurement per hand-off (8 emails + 8 push).
        Assert.Equal(8, telemetry.Sum(DispatchMetrics.Sent, "channel=email"));
        Assert.Equal(3, telemetry.Sum(DispatchMetrics.Sent, "channel=push"));
        Assert.Equal(3, telemetry.Sum(DispatchMetrics.FailedTransient, "channel=push,provider_code=429 QUOTA_EXCEEDED"));
        Assert.Equal(1, telemetry.Sum(DispatchMetrics.FailedTransient, "channel=push,provider_code=503 UNAVAILABLE"));
        Assert.Equal(1, telemetry.Sum(DispatchMetrics.FailedPermanent, "channel=push,provider_code=404 UNREGISTERED"));
        Assert.Equal(8, telemetry.Sum(DispatchMetrics.Duration, "channel=email"));
        Assert.Equal(8, telemetry.Sum(DispatchMetrics.Duration, "channel=push"));
        Assert.Equal(5, telemetry.Measurements.Count(m => m.Key.Instrument != DispatchMetrics.Duration));
        // The same counts as the report and the servers.
        Assert.Equal((8, 3, 4, 1), (report.For(Channel.Email).Sent, report.For(Channel.Push).Sent, report.For(Channel.Push).FailedTransient, report.For(Channel.Push).Failed));
        Assert.Equal((8, 3), (smtp.Messages.Count, fcm.Accepted.Count));
    }

    [Fact]
    public async Task Messages_claimed_by_a_dispatcher_that_died_are_sent_exactly_once_by_the_first_pass_after_the_claim_expires_and_until_then_the_report_says_why()
    {
        await using var world = await DispatchWorld.CreateAsync(users: 8);
        await using var smtp = new TestSmtpServer();
        await using var email = world.Smtp(smtp, connections: 1);
        var plan = EmailPlan();
        await world.RunAsync(plan);
        var options = new DispatcherOptions { BatchSize = 4, MaxParallelSends = 1, ClaimTimeout = TimeSpan.FromMinutes(10) };
        // The process dies right after its first claim committed (batch 1 claimed, nothing handed off).
        var dying = world.Dispatcher([email], plan, new DispatcherOptions
        {
            BatchSize = 4, MaxParallelSends = 1, ClaimTimeout = TimeSpan.FromMinutes(10),
            OnPoint = (point, _) => point == DispatchPoint.AfterClaim ? throw new OperationCanceledException("killed") : Task.CompletedTask,
        });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => dying.DispatchAsync());
        Assert.Empty(smtp.Messages);

        // A new process, five minutes later: batch 2 is sent, batch 1 waits for its claim, and the report says until when.
        using var telemetry = new CapturedTelemetry();
        var restarted = world.Dispatcher([email], plan, options, telemetry.Logger, telemetry.Meters);
        world.Clock.Advance(TimeSpan.FromMinutes(5));
        var early = await restarted.DispatchAsync();
        Assert.Equal((4, 4), (early.For(Channel.Email).Sent, early.For(Channel.Email).Deferred));
        Assert.Equal(new PendingCount(Channel.Email, PendingReason.Claimed, 4, Day0.AddMinutes(10)), Assert.Single(early.Pending));
        Assert.Equal("4 messages are left without a final result: 4 email messages are claimed by a dispatcher without a recorded outcome "
            + "(if it stopped, they are sent again once the claim expires, from 2026-01-05 08:10:00Z)", early.DescribePending());
        Assert.Contains(telemetry.Entries, e => e.EventId.Name == "DispatchPass" && e.Text.Contains("claim expires, from 2026-01-05 08:10:00Z"));

        // The first pass at the expiry sends them, once, without anyone releasing anything.
        world.Clock.Advance(TimeSpan.FromMinutes(5));
        var late = await restarted.DispatchAsync();
        Assert.Equal((4, 0), (late.For(Channel.Email).Sent, late.Unfinished));
        Assert.Equal(4, telemetry.Entries.Count(e => e.EventId.Name == "DispatchClaimTakenOver" && e.Level == LogLevel.Warning));
        var again = await restarted.DispatchAsync();
        Assert.Equal((0, 0), (again.Sent, again.MessagesRead));

        // What reached the server is what the database says was sent: each of the eight once.
        var delivered = (await world.ResultsAsync()).Count(r => r.Status == DeliveryStatus.Delivered);
        Assert.Equal(8, delivered);
        Assert.Equal(8, smtp.Messages.Count);
        Assert.All(EmailsByRecipient(smtp).Values, count => Assert.Equal(1, count));
        var attempts = await world.AttemptsAsync();
        Assert.Equal(4, attempts.Count(a => a.State == AttemptState.OutcomeUnknown && a.Reason.Contains("claim timeout")));
    }
}

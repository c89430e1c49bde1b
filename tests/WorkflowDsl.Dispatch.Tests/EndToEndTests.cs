using WorkflowDsl.Plan;
using WorkflowDsl.Delivery.Sending;
using WorkflowDsl.Delivery.Tests.Servers;
using WorkflowDsl.Dispatch.Results;
using WorkflowDsl.Dispatch.Storage;
using WorkflowDsl.Dispatch.Tests.Infrastructure;
using WorkflowDsl.Runtime.Storage;

namespace WorkflowDsl.Dispatch.Tests;

public sealed class EndToEndTests
{
    [Fact]
    public async Task A_run_then_a_dispatch_delivers_every_email_SMS_and_push_once_and_a_second_pass_sends_nothing()
    {
        await using var world = await DispatchWorld.CreateAsync(users: 6);
        await using var smtp = new TestSmtpServer();
        await using var twilio = await FakeTwilio.StartAsync();
        await using var fcm = await FakeFcm.StartAsync();
        var plan = DispatchWorld.Plan();
        await using var email = world.Smtp(smtp);
        using var sms = DispatchWorld.Twilio(twilio);
        using var push = DispatchWorld.Fcm(fcm);
        var dispatcher = world.Dispatcher([email, sms, push], plan);

        var run = await world.RunAsync(plan);
        var report = await dispatcher.DispatchAsync();
        var again = await dispatcher.DispatchAsync();

        Assert.Equal(6, run.UserMessages);
        Assert.Equal(1, run.DigestMessages);
        Assert.Equal(7, report.For(Channel.Email).Sent);
        Assert.Equal(6, report.For(Channel.Sms).Sent);
        Assert.Equal(6, report.For(Channel.Push).Sent);
        Assert.Equal(0, again.Sent);
        Assert.Equal(0, again.MessagesRead);

        var received = smtp.Messages.ToList();
        Assert.Equal(7, received.Count);
        var byRecipient = received.ToDictionary(r => Assert.Single(r.EnvelopeTo));
        Assert.Equal(["boss@example.com", "u1@example.com", "u2@example.com", "u3@example.com", "u4@example.com", "u5@example.com", "u6@example.com"],
            byRecipient.Keys.Order().ToArray());
        var invite = byRecipient["u1@example.com"].Message;
        Assert.False(string.IsNullOrWhiteSpace(invite.Subject));
        Assert.Contains("User1", invite.TextBody);
        Assert.Contains("Fire safety", invite.HtmlBody);
        Assert.NotNull(invite.TextBody);
        Assert.StartsWith($"<{world.Links.UnsubscribeUrl("", "")[..(world.Tracking.Address.ToString().Length + 1)]}", invite.Headers["List-Unsubscribe"]);
        Assert.Equal("List-Unsubscribe=One-Click", invite.Headers["List-Unsubscribe-Post"]);
        Assert.Contains(world.Tracking.Address.ToString() + "t/c/", invite.HtmlBody);
        Assert.Contains(world.Tracking.Address.ToString() + "t/o/", invite.HtmlBody);
        Assert.DoesNotContain("href=\"https://learn.example.com/c/C1\"", invite.HtmlBody);
        // The Finnish user gets the Finnish variant.
        Assert.NotEqual(invite.Subject, byRecipient["u2@example.com"].Message.Subject);
        // The manager's digest lists every user of the run, once.
        var digest = byRecipient["boss@example.com"].Message;
        for (int i = 1; i <= 6; i++) Assert.Contains($"User{i}", digest.TextBody);

        Assert.Equal(Enumerable.Range(1, 6).Select(i => $"+3584000000{i:00}").Order(), twilio.Accepted.Select(r => r.Form["To"]).Order());
        Assert.All(twilio.Accepted, r => Assert.False(string.IsNullOrWhiteSpace(r.Form["Body"])));
        Assert.Equal(6, fcm.Accepted.Count);
        Assert.Equal(Enumerable.Range(1, 6).Select(i => $"device-u{i}").Order(), fcm.Accepted.Select(r => System.Text.Json.JsonDocument.Parse(r.Body).RootElement.GetProperty("message").GetProperty("token").GetString()).Order());

        var results = await world.ResultsAsync();
        Assert.Equal(19, results.Count(r => r.Status == DeliveryStatus.Delivered));
        var attempts = await world.AttemptsAsync();
        Assert.All(attempts, a => Assert.Equal(AttemptState.Sent, a.State));
        Assert.All(attempts, a => Assert.False(string.IsNullOrEmpty(a.ProviderId)));
        Assert.Contains(attempts, a => a.Channel == Channel.Sms && a.ProviderId!.StartsWith("SM"));

        await using var db = world.Database.CreateContext();
        var delivery = await DeliveryResults.ComputeAsync(db, plan.Id);
        Assert.Equal(7, delivery.Total(Channel.Email).Delivered);
        Assert.Equal(0, delivery.Total(Channel.Email).Pending);
        Assert.Equal(7, delivery.EmailedUsers);
    }

    [Fact]
    public async Task Twilio_21610_records_an_SMS_opt_out_and_FCM_UNREGISTERED_deletes_the_device_token()
    {
        await using var world = await DispatchWorld.CreateAsync(users: 3);
        await using var smtp = new TestSmtpServer();
        await using var twilio = await FakeTwilio.StartAsync();
        await using var fcm = await FakeFcm.StartAsync();
        twilio.Faults["+358400000001"] = new FakeTwilio.Fault.Error(21610, 400);
        fcm.Faults["device-u2"] = new FakeFcm.Fault.Error("UNREGISTERED", 404, "NOT_FOUND");
        var plan = DispatchWorld.Plan();
        await using var email = world.Smtp(smtp);
        using var sms = DispatchWorld.Twilio(twilio);
        using var push = DispatchWorld.Fcm(fcm);
        var dispatcher = world.Dispatcher([email, sms, push], plan);

        await world.RunAsync(plan);
        var report = await dispatcher.DispatchAsync();

        Assert.Equal(1, report.For(Channel.Sms).Skipped);
        Assert.Equal(2, report.For(Channel.Sms).Sent);
        Assert.Equal(1, report.For(Channel.Push).Failed);
        await using var db = world.Database.CreateContext();
        var optOut = Assert.Single(db.OptOuts);
        Assert.Equal(("u1", Channel.Sms), (optOut.UserId, optOut.Channel));
        Assert.DoesNotContain(db.DeviceTokens, t => t.UserId == "u2");
        Assert.Contains(db.DeviceTokens, t => t.UserId == "u3");
        var results = await world.ResultsAsync();
        Assert.Contains(results, r => r.Channel == Channel.Sms && r.Status == DeliveryStatus.Skipped && r.Reason.Contains("opted out"));
    }

    [Fact]
    public async Task A_Twilio_status_callback_saying_undelivered_turns_the_delivered_SMS_into_failed_and_21610_into_an_opt_out()
    {
        await using var world = await DispatchWorld.CreateAsync(users: 3);
        await using var twilio = await FakeTwilio.StartAsync();
        using var sms = DispatchWorld.Twilio(twilio);
        var plan = Workflow.Named("Status").ForContents("C1").TargetGroup(t => t.Assignees(Assignment.Mandatory)).Invite(Channel.Sms).Build("status");
        await world.RunAsync(plan);
        await world.Dispatcher([sms], plan).DispatchAsync();
        var attempts = await world.AttemptsAsync();
        var outbox = (await world.OutboxAsync()).ToDictionary(m => m.Id, m => m.RecipientId);
        string Sid(string user) => attempts.Single(a => outbox[a.OutboxMessageId] == user).ProviderId!;
        var sink = new WorkflowDsl.Dispatch.Tracking.EfSmsStatusSink(world.Database);

        for (int i = 0; i < 2; i++) // Twilio may post the same status twice
            await sink.RecordAsync(new WorkflowDsl.Delivery.Sms.SmsStatusEvent(Sid("u1"), "undelivered", 30003, "+358400000001", DispatchWorld.Day0), default);
        await sink.RecordAsync(new WorkflowDsl.Delivery.Sms.SmsStatusEvent(Sid("u2"), "failed", 21610, "+358400000002", DispatchWorld.Day0), default);
        await sink.RecordAsync(new WorkflowDsl.Delivery.Sms.SmsStatusEvent(Sid("u3"), "delivered", null, "+358400000003", DispatchWorld.Day0), default);

        await using var db = world.Database.CreateContext();
        var totals = (await DeliveryResults.ComputeAsync(db, plan.Id)).Total(Channel.Sms);
        Assert.Equal((1, 1, 1), (totals.Delivered, totals.Failed, totals.Skipped));
        Assert.Equal(("u2", Channel.Sms), db.OptOuts.Select(o => new { o.UserId, o.Channel }).AsEnumerable().Select(o => (o.UserId, o.Channel)).Single());
    }

    [Fact]
    public async Task A_channel_without_a_sender_stays_pending_and_the_pass_names_the_setting_to_configure()
    {
        await using var world = await DispatchWorld.CreateAsync(users: 2);
        await using var smtp = new TestSmtpServer();
        await using var email = world.Smtp(smtp);
        var plan = DispatchWorld.Plan();
        await world.RunAsync(plan);

        var report = await world.Dispatcher([email], plan).DispatchAsync();

        Assert.Equal(3, report.For(Channel.Email).Sent);
        Assert.Equal((0, 2), (report.For(Channel.Sms).Sent, report.For(Channel.Sms).Deferred));
        Assert.Contains(report.Problems, p => p.StartsWith("WFDSP001: no Sms sender is configured") && p.Contains("WorkflowDsl:Delivery:Sms"));
        await using var db = world.Database.CreateContext();
        Assert.Equal(2, (await DeliveryResults.ComputeAsync(db, plan.Id)).Total(Channel.Sms).Pending);
    }
}

using System.Net;
using WorkflowDsl.Delivery.Sending;
using WorkflowDsl.Delivery.Tests.Servers;
using WorkflowDsl.Dispatch.Results;
using WorkflowDsl.Dispatch.Tests.Infrastructure;
using WorkflowDsl.Plan;
using WorkflowDsl.Runtime.Storage;

namespace WorkflowDsl.Dispatch.Tests;

public sealed class TrackingTests
{
    private static WorkflowPlan EmailPlan(string id) =>
        Workflow.Named("Tracking " + id).ForContents("C1").TargetGroup(t => t.Assignees(Assignment.Mandatory)).Invite(Channel.Email | Channel.Sms).Build(id);

    private static string Received(TestSmtpServer smtp, string user) =>
        smtp.Messages.Single(m => m.EnvelopeTo[0] == user + "@example.com").Message.HtmlBody
        ?? throw new Xunit.Sdk.XunitException($"The email to {user} has no HTML part.");

    [Fact]
    public async Task A_user_who_unsubscribes_through_the_one_click_endpoint_gets_nothing_from_any_later_workflow_and_is_reported_as_skipped()
    {
        await using var world = await DispatchWorld.CreateAsync(users: 3);
        await using var smtp = new TestSmtpServer();
        await using var twilio = await FakeTwilio.StartAsync();
        await using var email = world.Smtp(smtp);
        using var sms = DispatchWorld.Twilio(twilio);
        var first = EmailPlan("first");
        await world.RunAsync(first);
        await world.Dispatcher([email, sms], first).DispatchAsync();
        string? header = smtp.Messages.Single(m => m.EnvelopeTo[0] == "u2@example.com").Message.Headers["List-Unsubscribe"];
        Assert.NotNull(header);
        string url = header.Trim('<', '>');

        // RFC 8058: a POST with List-Unsubscribe=One-Click, answered without redirect; posting twice is harmless.
        for (int i = 0; i < 2; i++)
        {
            using var response = await world.Http.PostAsync(url, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var second = EmailPlan("second");
        await world.RunAsync(second);
        var report = await world.Dispatcher([email, sms], second).DispatchAsync();

        Assert.Equal((2, 1), (report.For(Channel.Email).Sent, report.For(Channel.Email).Skipped));
        Assert.Equal((2, 1), (report.For(Channel.Sms).Sent, report.For(Channel.Sms).Skipped));
        Assert.Single(smtp.Messages, m => m.EnvelopeTo[0] == "u2@example.com");
        Assert.Single(twilio.Accepted, r => r.Form["To"] == "+358400000002");
        await using var db = world.Database.CreateContext();
        var results = await DeliveryResults.ComputeAsync(db, second.Id);
        Assert.Equal(1, results.Total(Channel.Email).Skipped);
        Assert.Equal(1, results.Total(Channel.Sms).Skipped);
        Assert.Contains(db.DeliveryResults, r => r.Status == DeliveryStatus.Skipped && r.Reason.StartsWith("unsubscribed: user 'u2'"));
    }

    [Fact]
    public async Task Opens_and_clicks_through_the_tracking_endpoints_give_the_opened_and_clicked_rates()
    {
        await using var world = await DispatchWorld.CreateAsync(users: 4);
        await using var smtp = new TestSmtpServer();
        await using var email = world.Smtp(smtp);
        var plan = Workflow.Named("Rates").ForContents("C1").TargetGroup(t => t.Assignees(Assignment.Mandatory)).Invite(Channel.Email).Build("rates");
        await world.RunAsync(plan);
        await world.Dispatcher([email], plan).DispatchAsync();

        foreach (var user in new[] { "u1", "u2", "u3" })
        {
            string pixel = TrackedUrls.Pixel(Received(smtp, user))!;
            for (int i = 0; i < 2; i++) // opened twice: counted once
            {
                using var response = await world.Http.GetAsync(pixel);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
        }
        string click = TrackedUrls.Click(Received(smtp, "u1"))!;
        using (var response = await world.Http.GetAsync(click))
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("https://learn.example.com/c/C1", response.Headers.Location!.ToString());
        }
        using (var forged = await world.Http.GetAsync(click[..^3] + "xyz"))
            Assert.Equal(HttpStatusCode.NotFound, forged.StatusCode);

        await using var db = world.Database.CreateContext();
        var results = await DeliveryResults.ComputeAsync(db, plan.Id);
        Assert.Equal(4, results.EmailedUsers);
        Assert.Equal(3, results.OpenedUsers);
        Assert.Equal(1, results.ClickedUsers);
        Assert.Equal(0.75, results.OpenedRate, 3);
        Assert.Equal(0.25, results.ClickedRate, 3);
    }
}

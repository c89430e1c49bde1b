using System.Net;
using Microsoft.Extensions.DependencyInjection;
using WorkflowDsl.Delivery.Email;
using WorkflowDsl.Delivery.Rendering;
using WorkflowDsl.Delivery.Sending;
using WorkflowDsl.Delivery.Tests.Email;
using WorkflowDsl.Delivery.Tests.Rendering;
using WorkflowDsl.Delivery.Tests.Servers;
using WorkflowDsl.Delivery.Tests.Tracking;
using WorkflowDsl.Delivery.Tracking;
using WorkflowDsl.Templates;

namespace WorkflowDsl.Delivery.Tests;

public sealed class EndToEndTests : IAsyncLifetime
{
    private readonly TestSmtpServer _smtp = new();
    private readonly RecordingSink _sink = new();
    private LocalWebHost _web = null!;
    private TrackingLinks _links = null!;

    public async Task InitializeAsync()
    {
        _web = await LocalWebHost.StartAsync(s => s.AddSingleton<ITrackingSink>(_sink).AddSingleton(sp => _links), app => app.MapWorkflowTracking());
        _links = new TrackingLinks(new TrackingOptions { BaseUrl = _web.Address.ToString().TrimEnd('/'), SigningKey = EmailTestData.Tracking.SigningKey });
    }

    public async Task DisposeAsync()
    {
        await _web.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    [Fact]
    public async Task A_rendered_email_arrives_and_its_open_click_and_unsubscribe_links_are_recorded()
    {
        var options = EmailTestData.Options(_smtp.Port);
        await using var sender = new SmtpEmailSender(options, new EmailComposer(options, _links));
        var model = SampleData.ForUser("fi-FI") with { UnsubscribeUrl = _links.UnsubscribeUrl("msg-42", "user-7") };
        var content = new TemplateRenderer().RenderEmail(BuiltInTemplates.Reminder, model);

        var result = await sender.SendAsync(new EmailMessage("msg-42", "user-7", [new EmailAddress("aino@example.com", "Aino Virtanen")], content));

        Assert.IsType<DeliveryResult.Sent>(result);
        var mime = Assert.Single(_smtp.Messages).Message;
        Assert.StartsWith("Muistutus:", mime.Subject);
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
        string html = mime.HtmlBody!;
        string pixel = html.Split("<img src=\"")[1].Split('"')[0];
        string click = WebUtility.HtmlDecode(html.Split("href=\"")[1].Split('"')[0]);
        string unsubscribe = mime.Headers["List-Unsubscribe"]!.Trim('<', '>');

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(pixel)).StatusCode);
        var redirect = await http.GetAsync(click);
        var oneClick = await http.PostAsync(unsubscribe, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));

        Assert.Equal("https://learn.example.com/c/SEC-101", redirect.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.OK, oneClick.StatusCode);
        Assert.Equal([TrackingKind.Open, TrackingKind.Click, TrackingKind.Unsubscribe], _sink.Events.Select(e => e.Kind));
        Assert.All(_sink.Events, e => Assert.Equal(("msg-42", "user-7"), (e.MessageId, e.UserId)));
    }
}

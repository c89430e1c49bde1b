using System.Security.Cryptography;
using WorkflowDsl.Delivery.Email;
using WorkflowDsl.Delivery.Rendering;
using WorkflowDsl.Delivery.Sending;
using WorkflowDsl.Delivery.Tests.Rendering;
using WorkflowDsl.Delivery.Tracking;
using WorkflowDsl.Templates;

namespace WorkflowDsl.Delivery.Tests.Email;

internal static class EmailTestData
{
    public static readonly TrackingOptions Tracking = new() { BaseUrl = "https://t.example.com", SigningKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) };
    private static readonly RenderedEmail Invitation = new TemplateRenderer().RenderEmail(BuiltInTemplates.Invitation, SampleData.ForUser());

    public static EmailOptions Options(int port, int connections = 1, int attempts = 4) => new()
    {
        FromAddress = "learning@example.com",
        FromName = "Learning",
        Smtp = new SmtpOptions { Host = "127.0.0.1", Port = port, Security = SmtpSecurity.None, Connections = connections, Timeout = TimeSpan.FromSeconds(10) },
        Retry = new DeliveryRetryOptions { MaxAttempts = attempts, BaseDelay = TimeSpan.FromMilliseconds(10), UseJitter = false },
    };

    public static EmailMessage Message(string id, params string[] to) =>
        new(id, "user-" + id, to.Select(a => new EmailAddress(a, "Aino Virtanen")).ToList(), Invitation);

    public static SmtpEmailSender Sender(EmailOptions options) =>
        new(options, new EmailComposer(options, new TrackingLinks(Tracking)));
}

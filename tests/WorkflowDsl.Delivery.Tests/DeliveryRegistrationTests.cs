using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WorkflowDsl.Delivery.Email;
using WorkflowDsl.Delivery.Push;
using WorkflowDsl.Delivery.Sending;
using WorkflowDsl.Delivery.Sms;

namespace WorkflowDsl.Delivery.Tests;

public class DeliveryRegistrationTests
{
    private static IConfiguration Config(Dictionary<string, string?> values) => new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    [Fact]
    public async Task Without_providers_every_channel_writes_to_local_files()
    {
        await using var services = new ServiceCollection().AddLogging()
            .AddWorkflowDelivery(Config(new() { ["WorkflowDsl:Delivery:Email:FromAddress"] = "learning@example.com" }))
            .BuildServiceProvider();

        var senders = services.GetRequiredService<DeliverySenders>();

        Assert.IsType<PickupFolderEmailSender>(senders.Email);
        Assert.IsType<OutboxSmsSender>(senders.Sms);
        Assert.IsType<OutboxPushSender>(senders.Push);
        Assert.Null(senders.Tracking);
        Assert.Equal(3, services.GetServices<IChannelSender>().Count());
        Assert.Contains(Path.Combine("outbox", "email"), senders.Email.Destination);
    }

    [Fact]
    public async Task Configured_providers_are_bound_from_the_section()
    {
        await using var services = new ServiceCollection().AddLogging()
            .AddWorkflowDelivery(Config(new()
            {
                ["WorkflowDsl:Delivery:Email:FromAddress"] = "learning@example.com",
                ["WorkflowDsl:Delivery:Email:Smtp:Host"] = "127.0.0.1",
                ["WorkflowDsl:Delivery:Email:Smtp:Port"] = "2525",
                ["WorkflowDsl:Delivery:Email:Smtp:Security"] = "None",
                ["WorkflowDsl:Delivery:Email:Smtp:Connections"] = "4",
                ["WorkflowDsl:Delivery:Email:Retry:BaseDelay"] = "00:00:02",
                ["WorkflowDsl:Delivery:Sms:Twilio:AccountSid"] = "ACxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
                ["WorkflowDsl:Delivery:Sms:Twilio:AuthToken"] = "secret",
                ["WorkflowDsl:Delivery:Sms:Twilio:From"] = "+15550001111",
                ["WorkflowDsl:Delivery:Sms:Twilio:MessagesPerSecond"] = "10",
                ["WorkflowDsl:Delivery:Tracking:BaseUrl"] = "https://learn.example.com",
                ["WorkflowDsl:Delivery:Tracking:SigningKey"] = Convert.ToBase64String(new byte[32]),
            }))
            .BuildServiceProvider();

        var senders = services.GetRequiredService<DeliverySenders>();
        var options = services.GetRequiredService<IOptions<DeliveryOptions>>().Value;

        Assert.IsType<SmtpEmailSender>(senders.Email);
        Assert.Equal("smtp 127.0.0.1:2525 (4 connections)", senders.Email.Destination);
        Assert.IsType<TwilioSmsSender>(senders.Sms);
        Assert.NotNull(senders.Tracking);
        Assert.Equal(SmtpSecurity.None, options.Email.Smtp.Security);
        Assert.Equal(TimeSpan.FromSeconds(2), options.Email.Retry.BaseDelay);
    }

    [Fact]
    public async Task Invalid_settings_stop_the_host_at_start_naming_each_setting()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["WorkflowDsl:Delivery:Email:FromAddress"] = "nobody",
            ["WorkflowDsl:Delivery:Sms:Twilio:AccountSid"] = "ACxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            ["WorkflowDsl:Delivery:Tracking:BaseUrl"] = "https://learn.example.com",
        });
        builder.Services.AddWorkflowDelivery(builder.Configuration);
        using var host = builder.Build();

        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(e.Failures, f => f.StartsWith("WorkflowDsl:Delivery:Email:FromAddress 'nobody'"));
        Assert.Contains(e.Failures, f => f.StartsWith("WorkflowDsl:Delivery:Sms:Twilio:AuthToken is empty"));
        Assert.Contains(e.Failures, f => f.StartsWith("WorkflowDsl:Delivery:Tracking:SigningKey is missing"));
    }
}

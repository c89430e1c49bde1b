using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using WorkflowDsl.Delivery.Email;
using WorkflowDsl.Delivery.Push;
using WorkflowDsl.Delivery.Sms;
using WorkflowDsl.Dispatch.Configuration;
using WorkflowDsl.Dispatch.Dispatching;
using WorkflowDsl.Runtime.Storage;

namespace WorkflowDsl.Dispatch.Tests;

public sealed class ConfigurationTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings) =>
        new ServiceCollection()
            .AddSingleton(WorkflowDatabase.Sqlite(Path.Combine(Path.GetTempPath(), "wfdsl-dispatch-tests", Guid.NewGuid().ToString("N") + ".db")))
            .AddSingleton(new WorkflowCatalog([]))
            .AddWorkflowDispatch(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .BuildServiceProvider();

    [Fact]
    public async Task Without_providers_every_channel_writes_files_and_with_them_the_real_senders_are_used()
    {
        await using var local = Build(new() { ["WorkflowDsl:Delivery:Email:FromAddress"] = "learning@example.com" });
        var files = local.ValidateWorkflowDispatch().GetRequiredService<OutboxDispatcher>().Senders;
        Assert.IsType<PickupFolderEmailSender>(files[Channel.Email]);
        Assert.IsType<OutboxSmsSender>(files[Channel.Sms]);
        Assert.IsType<OutboxPushSender>(files[Channel.Push]);

        await using var remote = Build(new()
        {
            ["WorkflowDsl:Delivery:Email:FromAddress"] = "learning@example.com",
            ["WorkflowDsl:Delivery:Email:Smtp:Host"] = "127.0.0.1",
            ["WorkflowDsl:Delivery:Email:Smtp:Port"] = "2525",
            ["WorkflowDsl:Delivery:Email:Smtp:Security"] = "None",
            ["WorkflowDsl:Delivery:Sms:Twilio:AccountSid"] = "ACtest00000000000000000000000000",
            ["WorkflowDsl:Delivery:Sms:Twilio:AuthToken"] = "token",
            ["WorkflowDsl:Delivery:Sms:Twilio:From"] = "+15550001111",
            ["WorkflowDsl:Delivery:Dispatch:BatchSize"] = "50",
        });
        var real = remote.ValidateWorkflowDispatch().GetRequiredService<OutboxDispatcher>().Senders;
        Assert.IsType<SmtpEmailSender>(real[Channel.Email]);
        Assert.IsType<TwilioSmsSender>(real[Channel.Sms]);
        Assert.Equal(50, remote.GetRequiredService<IOptions<DispatcherOptions>>().Value.BatchSize);
    }

    [Fact]
    public async Task Invalid_dispatcher_options_fail_validation_naming_the_setting_and_the_range()
    {
        await using var services = Build(new()
        {
            ["WorkflowDsl:Delivery:Email:FromAddress"] = "learning@example.com",
            ["WorkflowDsl:Delivery:Dispatch:BatchSize"] = "0",
            ["WorkflowDsl:Delivery:Dispatch:MaxParallelSends"] = "1000",
        });

        var e = Assert.Throws<OptionsValidationException>(() => services.ValidateWorkflowDispatch());

        Assert.Contains("WorkflowDsl:Delivery:Dispatch:BatchSize is 0: use 1 to 10000.", e.Failures);
        Assert.Contains("WorkflowDsl:Delivery:Dispatch:MaxParallelSends is 1000: use 1 to 256.", e.Failures);
    }
}

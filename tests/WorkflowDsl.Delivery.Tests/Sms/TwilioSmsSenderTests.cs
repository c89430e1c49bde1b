using System.Diagnostics;
using System.Text.Json;
using WorkflowDsl.Delivery.Sending;
using WorkflowDsl.Delivery.Sms;
using WorkflowDsl.Delivery.Tests.Servers;
using static WorkflowDsl.Delivery.Tests.Servers.FakeTwilio;

namespace WorkflowDsl.Delivery.Tests.Sms;

public sealed class TwilioSmsSenderTests : IAsyncLifetime
{
    private FakeTwilio _twilio = null!;

    public async Task InitializeAsync() => _twilio = await FakeTwilio.StartAsync();
    public async Task DisposeAsync() => await _twilio.DisposeAsync();

    private SmsOptions Options(int attempts = 3, double rate = 1000, string? messagingService = null, TimeSpan? timeout = null) => new()
    {
        Twilio = new TwilioOptions
        {
            AccountSid = AccountSid, AuthToken = AuthToken, From = messagingService is null ? "+15550001111" : null, MessagingServiceSid = messagingService,
            StatusCallback = "https://learn.example.com/sms/status", BaseAddress = _twilio.Address.ToString(), MessagesPerSecond = rate,
            RequestTimeout = timeout ?? TimeSpan.FromSeconds(10),
            Retry = new DeliveryRetryOptions { MaxAttempts = attempts, BaseDelay = TimeSpan.FromMilliseconds(10), UseJitter = false },
        },
    };

    private static SmsMessage Sms(string to, string body = "Hello Aino, please complete Security awareness: https://learn.example.com/c/1") => new("m-" + to, "u1", to, body);

    [Fact]
    public async Task An_sms_is_posted_in_twilios_wire_format_with_basic_auth()
    {
        using var sender = new TwilioSmsSender(Options());

        var result = await sender.SendAsync(Sms("+358401234567", "Hei Äiti 😀"));

        Assert.StartsWith("SM", Assert.IsType<DeliveryResult.Sent>(result).ProviderId);
        var request = Assert.Single(_twilio.Accepted);
        Assert.Equal($"/2010-04-01/Accounts/{AccountSid}/Messages.json", request.Path);
        Assert.StartsWith("Basic ", request.Authorization);
        Assert.Equal("+358401234567", request.Form["To"]);
        Assert.Equal("+15550001111", request.Form["From"]);
        Assert.Equal("Hei Äiti 😀", request.Form["Body"]);
        Assert.Equal("https://learn.example.com/sms/status", request.Form["StatusCallback"]);
        Assert.False(request.Form.ContainsKey("MessagingServiceSid"));
    }

    [Fact]
    public async Task A_messaging_service_replaces_the_from_number()
    {
        using var sender = new TwilioSmsSender(Options(messagingService: "MG00000000000000000000000000000001"));

        await sender.SendAsync(Sms("+358401234567"));

        var form = Assert.Single(_twilio.Accepted).Form;
        Assert.Equal("MG00000000000000000000000000000001", form["MessagingServiceSid"]);
        Assert.False(form.ContainsKey("From"));
    }

    [Theory]
    [InlineData(21211, typeof(DeliveryResult.InvalidAddress))]
    [InlineData(21614, typeof(DeliveryResult.InvalidAddress))]
    [InlineData(21610, typeof(DeliveryResult.OptedOut))]
    [InlineData(21408, typeof(DeliveryResult.FailedPermanent))]
    public async Task Error_codes_are_classified_and_never_retried(int code, Type expected)
    {
        _twilio.Faults["+358401111111"] = new Fault.Error(code, 400);
        using var sender = new TwilioSmsSender(Options(attempts: 3));

        var result = await sender.SendAsync(Sms("+358401111111"));

        Assert.IsType(expected, result);
        Assert.Single(_twilio.All);
        Assert.Contains(code.ToString(), result.ToString());
    }

    [Fact]
    public async Task Too_many_requests_waits_the_retry_after_and_then_succeeds()
    {
        _twilio.Faults["+358402222222"] = new Fault.TooManyRequests(Times: 1, RetryAfterSeconds: 1);
        using var sender = new TwilioSmsSender(Options(attempts: 3));
        var clock = Stopwatch.StartNew();

        var result = await sender.SendAsync(Sms("+358402222222"));

        Assert.IsType<DeliveryResult.Sent>(result);
        Assert.Equal(2, _twilio.All.Count);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.9), $"waited only {clock.Elapsed}");
    }

    [Fact]
    public async Task A_retry_after_longer_than_allowed_ends_with_a_transient_failure_carrying_it()
    {
        _twilio.Faults["+358402222223"] = new Fault.TooManyRequests(Times: 5, RetryAfterSeconds: 120);
        using var sender = new TwilioSmsSender(Options(attempts: 3));

        var result = await sender.SendAsync(Sms("+358402222223"));

        var failed = Assert.IsType<DeliveryResult.FailedTransient>(result);
        Assert.Equal(TimeSpan.FromSeconds(120), failed.RetryAfter);
        Assert.Contains("20429", failed.Reason);
        Assert.Single(_twilio.All);
    }

    [Fact]
    public async Task Server_errors_are_retried_with_backoff()
    {
        _twilio.Faults["+358403333333"] = new Fault.ServerError(Times: 2);
        using var sender = new TwilioSmsSender(Options(attempts: 3));

        Assert.IsType<DeliveryResult.Sent>(await sender.SendAsync(Sms("+358403333333")));
        Assert.Equal(3, _twilio.All.Count);
    }

    [Fact]
    public async Task Server_errors_that_outlast_the_retries_are_transient()
    {
        _twilio.Faults["+358403333334"] = new Fault.ServerError(Times: 10);
        using var sender = new TwilioSmsSender(Options(attempts: 2));

        Assert.IsType<DeliveryResult.FailedTransient>(await sender.SendAsync(Sms("+358403333334")));
        Assert.Equal(2, _twilio.All.Count);
    }

    [Fact]
    public async Task A_dropped_connection_is_retried()
    {
        _twilio.Faults["+358404444444"] = new Fault.Drop(Times: 1);
        using var sender = new TwilioSmsSender(Options(attempts: 3));

        Assert.IsType<DeliveryResult.Sent>(await sender.SendAsync(Sms("+358404444444")));
        Assert.Single(_twilio.Accepted);
    }

    [Fact]
    public async Task A_slow_response_times_out_and_is_retried()
    {
        _twilio.Faults["+358405555555"] = new Fault.Slow(TimeSpan.FromSeconds(5), Times: 1);
        using var sender = new TwilioSmsSender(Options(attempts: 3, timeout: TimeSpan.FromSeconds(2)));

        Assert.IsType<DeliveryResult.Sent>(await sender.SendAsync(Sms("+358405555555")));
        Assert.InRange(_twilio.All.Count, 2, 3);
        Assert.Single(_twilio.Accepted);
    }

    [Fact]
    public async Task A_number_not_in_e164_form_is_invalid_without_asking_twilio()
    {
        using var sender = new TwilioSmsSender(Options());

        Assert.IsType<DeliveryResult.InvalidAddress>(await sender.SendAsync(Sms("040 123 4567")));
        Assert.Empty(_twilio.All);
    }

    [Fact]
    public async Task The_send_rate_is_limited()
    {
        using var sender = new TwilioSmsSender(Options(rate: 20));
        var clock = Stopwatch.StartNew();

        var results = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => sender.SendAsync(Sms($"+3584010000{i:D2}"))));

        Assert.All(results, r => Assert.IsType<DeliveryResult.Sent>(r));
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1.2), $"30 messages at 20/s took only {clock.Elapsed}");
    }

    [Fact]
    public void Invalid_options_are_refused_naming_each_value()
    {
        var options = new SmsOptions { Twilio = new TwilioOptions { AccountSid = "AC1", From = "0401234567", MessagesPerSecond = 0, StatusCallback = "not a url" } };

        var e = Assert.Throws<InvalidOperationException>(() => new TwilioSmsSender(options));

        Assert.Contains("Twilio:AuthToken is empty", e.Message);
        Assert.Contains("Twilio:From '0401234567' is not an E.164 number", e.Message);
        Assert.Contains("MessagesPerSecond is 0", e.Message);
        Assert.Contains("StatusCallback 'not a url'", e.Message);
    }
}

public class OutboxSmsSenderTests
{
    [Fact]
    public async Task Without_a_provider_sms_are_appended_as_json_lines()
    {
        string file = Path.Combine(Path.GetTempPath(), $"wfdsl-sms-{Guid.NewGuid():N}", "sms.jsonl");
        var sender = new OutboxSmsSender(new SmsOptions { OutboxFile = file });

        await sender.SendAsync(new SmsMessage("m1", "u1", "+358401234567", "Hello"));
        await sender.SendAsync(new SmsMessage("m2", "u2", "+358401234568", "Hei 😀"));

        var lines = await File.ReadAllLinesAsync(file);
        Assert.Equal(2, lines.Length);
        using var second = JsonDocument.Parse(lines[1]);
        Assert.Equal("m2", second.RootElement.GetProperty("messageId").GetString());
        Assert.Equal("+358401234568", second.RootElement.GetProperty("to").GetString());
        Assert.True(second.RootElement.GetProperty("unicode").GetBoolean());
        Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
    }
}

using System.Diagnostics;
using System.Text.Json;
using WorkflowDsl.Delivery.Push;
using WorkflowDsl.Delivery.Sending;
using WorkflowDsl.Delivery.Tests.Servers;
using static WorkflowDsl.Delivery.Tests.Servers.FakeFcm;

namespace WorkflowDsl.Delivery.Tests.Push;

public sealed class FcmPushSenderTests : IAsyncLifetime
{
    private FakeFcm _fcm = null!;

    public async Task InitializeAsync() => _fcm = await FakeFcm.StartAsync();
    public async Task DisposeAsync() => await _fcm.DisposeAsync();

    private PushOptions Options(int attempts = 3, TimeSpan? timeout = null, int concurrency = 16) => new()
    {
        Fcm = new FcmOptions
        {
            ServiceAccountJson = _fcm.ServiceAccountJson, BaseAddress = _fcm.Address.ToString(), MaxConcurrency = concurrency,
            RequestTimeout = timeout ?? TimeSpan.FromSeconds(10),
            Retry = new DeliveryRetryOptions { MaxAttempts = attempts, BaseDelay = TimeSpan.FromMilliseconds(10), UseJitter = false },
        },
    };

    private static PushMessage Push(string token) => new("m-" + token, "u1", token, "New training: Security awareness", "Hello Aino, please complete it.")
    {
        Data = new Dictionary<string, string> { ["content_id"] = "SEC-101" },
    };

    [Fact]
    public async Task A_notification_is_posted_in_fcm_v1_format_with_a_token_from_the_service_account()
    {
        using var sender = new FcmPushSender(Options());

        var result = await sender.SendAsync(Push("device-1"));
        await sender.SendAsync(Push("device-2"));

        Assert.StartsWith($"projects/{ProjectId}/messages/", Assert.IsType<DeliveryResult.Sent>(result).ProviderId);
        Assert.Equal(1, _fcm.TokenRequests);
        var request = _fcm.Accepted.First();
        Assert.Equal($"/v1/projects/{ProjectId}/messages:send", request.Path);
        Assert.Equal("Bearer ya29.test-1", request.Authorization);
        using var body = JsonDocument.Parse(request.Body);
        Assert.False(body.RootElement.GetProperty("validate_only").GetBoolean());
        var message = body.RootElement.GetProperty("message");
        Assert.Equal("device-1", message.GetProperty("token").GetString());
        Assert.Equal("New training: Security awareness", message.GetProperty("notification").GetProperty("title").GetString());
        Assert.Equal("Hello Aino, please complete it.", message.GetProperty("notification").GetProperty("body").GetString());
        Assert.Equal("SEC-101", message.GetProperty("data").GetProperty("content_id").GetString());
        Assert.Equal("m-device-1", message.GetProperty("data").GetProperty("message_id").GetString());
    }

    [Theory]
    [InlineData("UNREGISTERED", 404, "NOT_FOUND", typeof(DeliveryResult.TokenUnregistered))]
    [InlineData("INVALID_ARGUMENT", 400, "INVALID_ARGUMENT", typeof(DeliveryResult.FailedPermanent))]
    [InlineData("SENDER_ID_MISMATCH", 403, "PERMISSION_DENIED", typeof(DeliveryResult.FailedPermanent))]
    [InlineData("THIRD_PARTY_AUTH_ERROR", 401, "UNAUTHENTICATED", typeof(DeliveryResult.FailedPermanent))]
    public async Task Final_errors_are_classified_and_not_retried(string errorCode, int httpStatus, string status, Type expected)
    {
        _fcm.Faults["bad"] = new Fault.Error(errorCode, httpStatus, status);
        using var sender = new FcmPushSender(Options(attempts: 3));

        var result = await sender.SendAsync(Push("bad"));

        Assert.True(expected == result.GetType(), result.ToString() + _fcm.LastClaims);
        Assert.Contains(errorCode, result.ToString());
        Assert.Equal(1, _fcm.Requests);
    }

    [Theory]
    [InlineData(429)]
    [InlineData(503)]
    public async Task Busy_answers_wait_the_retry_after(int httpStatus)
    {
        _fcm.Faults["busy"] = new Fault.Busy(httpStatus, Times: 1, RetryAfterSeconds: 1);
        using var sender = new FcmPushSender(Options(attempts: 3));
        var clock = Stopwatch.StartNew();

        Assert.IsType<DeliveryResult.Sent>(await sender.SendAsync(Push("busy")));
        Assert.Equal(2, _fcm.Requests);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.9), $"waited only {clock.Elapsed}");
    }

    [Fact]
    public async Task A_retry_after_beyond_the_limit_returns_transient_with_the_wait()
    {
        _fcm.Faults["busy"] = new Fault.Busy(429, Times: 9, RetryAfterSeconds: 600);
        using var sender = new FcmPushSender(Options(attempts: 3));

        var failed = Assert.IsType<DeliveryResult.FailedTransient>(await sender.SendAsync(Push("busy")));
        Assert.Equal(TimeSpan.FromSeconds(600), failed.RetryAfter);
        Assert.Equal(1, _fcm.Requests);
    }

    [Fact]
    public async Task Internal_errors_are_retried_with_backoff()
    {
        _fcm.Faults["flaky"] = new Fault.Internal(Times: 2);
        using var sender = new FcmPushSender(Options(attempts: 3));

        Assert.IsType<DeliveryResult.Sent>(await sender.SendAsync(Push("flaky")));
        Assert.Equal(3, _fcm.Requests);
    }

    [Fact]
    public async Task Internal_errors_that_outlast_the_retries_are_transient()
    {
        _fcm.Faults["down"] = new Fault.Internal(Times: 10);
        using var sender = new FcmPushSender(Options(attempts: 2));

        Assert.IsType<DeliveryResult.FailedTransient>(await sender.SendAsync(Push("down")));
        Assert.Equal(2, _fcm.Requests);
    }

    [Fact]
    public async Task Dropped_connections_and_slow_answers_are_retried()
    {
        _fcm.Faults["drop"] = new Fault.Drop(Times: 1);
        _fcm.Faults["slow"] = new Fault.Slow(TimeSpan.FromSeconds(5), Times: 1);
        using var sender = new FcmPushSender(Options(attempts: 3, timeout: TimeSpan.FromSeconds(2)));

        Assert.IsType<DeliveryResult.Sent>(await sender.SendAsync(Push("drop")));
        Assert.IsType<DeliveryResult.Sent>(await sender.SendAsync(Push("slow")));
        Assert.Equal(2, _fcm.Accepted.Count);
    }

    [Fact]
    public async Task A_key_the_token_endpoint_rejects_is_a_transient_failure_naming_the_setting()
    {
        using var other = System.Security.Cryptography.RSA.Create(2048);
        var options = Options(attempts: 1);
        using (var doc = JsonDocument.Parse(options.Fcm.ServiceAccountJson!))
        {
            var fields = doc.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());
            fields["private_key"] = other.ExportPkcs8PrivateKeyPem();
            options.Fcm.ServiceAccountJson = JsonSerializer.Serialize(fields);
        }
        using var sender = new FcmPushSender(options);

        var failed = Assert.IsType<DeliveryResult.FailedTransient>(await sender.SendAsync(Push("device-1")));
        Assert.Contains("ServiceAccountFile", failed.Reason);
        Assert.Equal(0, _fcm.Requests);
    }

    [Fact]
    public async Task Many_notifications_go_out_concurrently_with_one_token()
    {
        using var sender = new FcmPushSender(Options(concurrency: 32));

        var results = await Task.WhenAll(Enumerable.Range(0, 300).Select(i => sender.SendAsync(Push($"device-{i}"))));

        Assert.All(results, r => Assert.IsType<DeliveryResult.Sent>(r));
        Assert.Equal(300, _fcm.Accepted.Count);
        Assert.Equal(1, _fcm.TokenRequests);
    }

    [Fact]
    public void A_missing_key_file_is_refused_naming_the_setting()
    {
        var e = Assert.Throws<InvalidOperationException>(() => new FcmPushSender(new PushOptions { Fcm = new FcmOptions { ServiceAccountFile = "/nope/key.json", MaxConcurrency = 0 } }));

        Assert.Contains("Fcm:ServiceAccountFile '/nope/key.json' does not exist", e.Message);
        Assert.Contains("MaxConcurrency is 0", e.Message);
    }
}

public class OutboxPushSenderTests
{
    [Fact]
    public async Task Without_a_provider_notifications_are_appended_as_json_lines()
    {
        string file = Path.Combine(Path.GetTempPath(), $"wfdsl-push-{Guid.NewGuid():N}", "push.jsonl");
        var sender = new OutboxPushSender(new PushOptions { OutboxFile = file });

        Assert.IsType<DeliveryResult.Sent>(await sender.SendAsync(new PushMessage("m1", "u1", "device-1", "T", "B")));
        Assert.IsType<DeliveryResult.Skipped>(await sender.SendAsync(new PushMessage("m2", "u2", "", "T", "B")));

        using var line = JsonDocument.Parse(Assert.Single(await File.ReadAllLinesAsync(file)));
        Assert.Equal("device-1", line.RootElement.GetProperty("token").GetString());
        Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
    }
}

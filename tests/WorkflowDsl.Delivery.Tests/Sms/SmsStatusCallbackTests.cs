using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using WorkflowDsl.Delivery.Sending;
using WorkflowDsl.Delivery.Sms;
using WorkflowDsl.Delivery.Tests.Servers;

namespace WorkflowDsl.Delivery.Tests.Sms;

public sealed class SmsStatusCallbackTests : IAsyncLifetime
{
    private const string Url = "https://learn.example.com/sms/status";
    private const string AuthToken = "token-123";
    private readonly Sink _sink = new();
    private LocalWebHost _host = null!;
    private HttpClient _http = null!;

    private sealed class Sink : ISmsStatusSink
    {
        public ConcurrentQueue<SmsStatusEvent> Events { get; } = new();
        public Task RecordAsync(SmsStatusEvent statusEvent, CancellationToken cancellationToken)
        {
            Events.Enqueue(statusEvent);
            return Task.CompletedTask;
        }
    }

    public async Task InitializeAsync()
    {
        _host = await LocalWebHost.StartAsync(
            s => s.AddWorkflowDelivery(configure: o =>
            {
                o.Email.FromAddress = "learning@example.com";
                o.Sms.Twilio = new TwilioOptions { AccountSid = "AC1", AuthToken = AuthToken, From = "+15550001111", StatusCallback = Url };
            }).AddSingleton<ISmsStatusSink>(_sink),
            app => app.MapTwilioStatusCallback());
        _http = new HttpClient { BaseAddress = _host.Address };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _host.DisposeAsync();
    }

    // Twilio's signature: HMAC-SHA1 with the auth token over the URL followed by each field's name and value, sorted by name.
    private static string Sign(string token, Dictionary<string, string> fields)
    {
        var data = new StringBuilder(Url);
        foreach (var (k, v) in fields.OrderBy(f => f.Key, StringComparer.Ordinal)) data.Append(k).Append(v);
        return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(token), Encoding.UTF8.GetBytes(data.ToString())));
    }

    private Task<HttpResponseMessage> Post(Dictionary<string, string> fields, string signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/sms/status") { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Add("X-Twilio-Signature", signature);
        return _http.SendAsync(request);
    }

    [Fact]
    public async Task A_signed_status_callback_is_recorded_with_its_outcome()
    {
        var fields = new Dictionary<string, string> { ["MessageSid"] = "SM123", ["MessageStatus"] = "undelivered", ["ErrorCode"] = "30005", ["To"] = "+358401234567", ["AccountSid"] = "AC1" };

        var response = await Post(fields, Sign(AuthToken, fields));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var recorded = Assert.Single(_sink.Events);
        Assert.Equal(("SM123", "undelivered", 30005), (recorded.MessageSid, recorded.Status, recorded.ErrorCode));
        Assert.IsType<DeliveryResult.InvalidAddress>(recorded.Outcome);
    }

    [Fact]
    public async Task A_callback_with_a_wrong_signature_is_refused_and_not_recorded()
    {
        var fields = new Dictionary<string, string> { ["MessageSid"] = "SM123", ["MessageStatus"] = "delivered" };

        Assert.Equal(HttpStatusCode.Forbidden, (await Post(fields, Sign("another-token", fields))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Post(fields, "")).StatusCode);
        Assert.Empty(_sink.Events);
    }

    [Theory]
    [InlineData("delivered", null, typeof(DeliveryResult.Sent))]
    [InlineData("failed", 30006, typeof(DeliveryResult.InvalidAddress))]
    [InlineData("undelivered", 30003, typeof(DeliveryResult.FailedPermanent))]
    [InlineData("sent", null, null)]
    public void A_status_means_an_outcome_only_when_final(string status, int? code, Type? expected)
    {
        Assert.Equal(expected, new SmsStatusEvent("SM1", status, code, null, DateTimeOffset.UtcNow).Outcome?.GetType());
    }
}

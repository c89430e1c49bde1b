using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace WorkflowDsl.Delivery.Tests.Servers;

/// <summary>A local server speaking Twilio's Messages.json wire format: Basic auth, form fields, 201 JSON,
/// error JSON; faults chosen by the To number.</summary>
public sealed class FakeTwilio : IAsyncDisposable
{
    public const string AccountSid = "ACtest00000000000000000000000000";
    public const string AuthToken = "token-123";

    public abstract record Fault
    {
        /// <summary>Twilio error JSON with this code and HTTP status, every time.</summary>
        public sealed record Error(int Code, int Status) : Fault;
        /// <summary>429 / 20429 with Retry-After for the first Times requests.</summary>
        public sealed record TooManyRequests(int Times, int RetryAfterSeconds) : Fault;
        /// <summary>HTTP 500 for the first Times requests.</summary>
        public sealed record ServerError(int Times) : Fault;
        /// <summary>The connection is cut for the first Times requests.</summary>
        public sealed record Drop(int Times) : Fault;
        /// <summary>The answer comes after Delay, the first Times requests.</summary>
        public sealed record Slow(TimeSpan Delay, int Times) : Fault;
    }

    public sealed record Request(IReadOnlyDictionary<string, string> Form, string? Authorization, string Path, DateTimeOffset At);

    private LocalWebHost _host = null!;
    private readonly ConcurrentDictionary<string, int> _seen = new();

    public ConcurrentDictionary<string, Fault> Faults { get; } = new();
    /// <summary>Requests answered 201.</summary>
    public ConcurrentQueue<Request> Accepted { get; } = new();
    /// <summary>Every request that reached the handler.</summary>
    public ConcurrentQueue<Request> All { get; } = new();
    public Uri Address => _host.Address;

    public static async Task<FakeTwilio> StartAsync()
    {
        var fake = new FakeTwilio();
        fake._host = await LocalWebHost.StartAsync(_ => { }, app => app.MapPost("/2010-04-01/Accounts/{sid}/Messages.json", fake.HandleAsync));
        return fake;
    }

    private async Task HandleAsync(HttpContext http, string sid)
    {
        var form = (await http.Request.ReadFormAsync()).ToDictionary(f => f.Key, f => f.Value.ToString());
        string? auth = http.Request.Headers.Authorization;
        var request = new Request(form, auth, http.Request.Path, DateTimeOffset.UtcNow);
        All.Enqueue(request);
        string expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{AccountSid}:{AuthToken}"));
        if (auth != expected || sid != AccountSid)
        {
            await Error(http, 20003, 401, "Authenticate");
            return;
        }
        string to = form.GetValueOrDefault("To", "");
        int attempt = _seen.AddOrUpdate(to, 1, (_, n) => n + 1);
        switch (Faults.GetValueOrDefault(to))
        {
            case Fault.Error e:
                await Error(http, e.Code, e.Status, $"Error {e.Code} for {to}");
                return;
            case Fault.TooManyRequests t when attempt <= t.Times:
                http.Response.Headers.RetryAfter = t.RetryAfterSeconds.ToString();
                await Error(http, 20429, 429, "Too Many Requests");
                return;
            case Fault.ServerError s when attempt <= s.Times:
                await Error(http, 20500, 500, "Internal Server Error");
                return;
            case Fault.Drop d when attempt <= d.Times:
                http.Abort();
                return;
            case Fault.Slow s when attempt <= s.Times:
                try { await Task.Delay(s.Delay, http.RequestAborted); } catch (OperationCanceledException) { return; }
                break;
        }
        Accepted.Enqueue(request);
        string messageSid = "SM" + Guid.NewGuid().ToString("N");
        http.Response.StatusCode = 201;
        await http.Response.WriteAsJsonAsync(new Dictionary<string, object?>
        {
            ["sid"] = messageSid, ["account_sid"] = AccountSid, ["to"] = to, ["from"] = form.GetValueOrDefault("From"),
            ["messaging_service_sid"] = form.GetValueOrDefault("MessagingServiceSid"), ["body"] = form.GetValueOrDefault("Body"),
            ["status"] = "queued", ["num_segments"] = "1", ["num_media"] = "0", ["direction"] = "outbound-api", ["api_version"] = "2010-04-01",
            ["price"] = null, ["price_unit"] = "USD", ["error_code"] = null, ["error_message"] = null,
            ["date_created"] = DateTimeOffset.UtcNow.ToString("r"), ["date_updated"] = DateTimeOffset.UtcNow.ToString("r"), ["date_sent"] = null,
            ["uri"] = $"/2010-04-01/Accounts/{AccountSid}/Messages/{messageSid}.json", ["subresource_uris"] = new Dictionary<string, string>(),
        });
    }

    private static async Task Error(HttpContext http, int code, int status, string message)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(JsonSerializer.Serialize(new { code, message, more_info = $"https://www.twilio.com/docs/errors/{code}", status }));
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}

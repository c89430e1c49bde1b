using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace WorkflowDsl.Delivery.Tests.Servers;

/// <summary>A local server speaking FCM HTTP v1 (messages:send) and Google's OAuth token endpoint
/// (JWT-bearer grant, signature checked against a test service account's key); faults chosen by device token.</summary>
public sealed class FakeFcm : IAsyncDisposable
{
    public const string ProjectId = "test-project";
    public const string ClientEmail = "fcm-sender@test-project.iam.gserviceaccount.com";

    public abstract record Fault
    {
        /// <summary>An FCM error with this errorCode, HTTP status and status name, every time.</summary>
        public sealed record Error(string ErrorCode, int HttpStatus, string Status) : Fault;
        /// <summary>429 or 503 with Retry-After for the first Times requests.</summary>
        public sealed record Busy(int HttpStatus, int Times, int RetryAfterSeconds) : Fault;
        /// <summary>500 INTERNAL for the first Times requests.</summary>
        public sealed record Internal(int Times) : Fault;
        /// <summary>The connection is cut for the first Times requests.</summary>
        public sealed record Drop(int Times) : Fault;
        /// <summary>The answer comes after Delay for the first Times requests.</summary>
        public sealed record Slow(TimeSpan Delay, int Times) : Fault;
    }

    public sealed record Request(string Body, string? Authorization, string Path);

    // One key for all fakes: generating RSA keys is slow on a small machine.
    private static readonly RSA _key = RSA.Create(2048);
    private readonly ConcurrentDictionary<string, byte> _issued = new();
    private readonly ConcurrentDictionary<string, int> _seen = new();
    private LocalWebHost _host = null!;
    private int _tokens;

    public ConcurrentDictionary<string, Fault> Faults { get; } = new();
    public ConcurrentQueue<Request> Accepted { get; } = new();
    public int Requests;
    public string? LastClaims;
    public int TokenRequests => _tokens;
    /// <summary>Record request bodies (off for throughput runs).</summary>
    public bool Record { get; set; } = true;
    public Uri Address => _host.Address;

    /// <summary>A service-account key whose token_uri is this server.</summary>
    public string ServiceAccountJson => JsonSerializer.Serialize(new Dictionary<string, string>
    {
        ["type"] = "service_account", ["project_id"] = ProjectId, ["private_key_id"] = "test-key-1",
        ["private_key"] = _key.ExportPkcs8PrivateKeyPem(), ["client_email"] = ClientEmail, ["client_id"] = "1234567890",
        ["auth_uri"] = new Uri(Address, "auth").ToString(), ["token_uri"] = new Uri(Address, "token").ToString(),
    });

    public static async Task<FakeFcm> StartAsync()
    {
        var fake = new FakeFcm();
        fake._host = await LocalWebHost.StartAsync(_ => { }, app =>
        {
            app.MapPost("/token", (Func<HttpContext, Task<IResult>>)fake.TokenAsync);
            app.MapPost("/v1/projects/{project}/messages:send", fake.SendAsync);
        });
        return fake;
    }

    private async Task<IResult> TokenAsync(HttpContext http)
    {
        var form = await http.Request.ReadFormAsync();
        if (form["grant_type"] != "urn:ietf:params:oauth:grant-type:jwt-bearer" || !ValidAssertion(form["assertion"].ToString()))
            return Results.Json(new { error = "invalid_grant", error_description = "Invalid JWT Signature." }, statusCode: 400);
        string token = $"ya29.test-{Interlocked.Increment(ref _tokens)}";
        _issued[token] = 0;
        return Results.Json(new { access_token = token, expires_in = 3599, token_type = "Bearer" });
    }

    private bool ValidAssertion(string jwt)
    {
        string[] parts = jwt.Split('.');
        if (parts.Length != 3) return false;
        byte[] signed = Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]);
        if (!_key.VerifyData(signed, Base64Url.DecodeFromChars(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)) return false;
        using var claims = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
        var c = claims.RootElement;
        LastClaims = c.GetRawText();
        return c.GetProperty("iss").GetString() == ClientEmail
            // Google.Apis.Auth always signs for Google's token audience, whatever the token_uri.
            && c.GetProperty("aud").GetString() == "https://oauth2.googleapis.com/token"
            && c.GetProperty("scope").GetString()!.Contains("https://www.googleapis.com/auth/firebase.messaging");
    }

    private async Task SendAsync(HttpContext http, string project)
    {
        Interlocked.Increment(ref Requests);
        string? auth = http.Request.Headers.Authorization;
        if (auth is null || !auth.StartsWith("Bearer ") || !_issued.ContainsKey(auth[7..]))
        {
            await Error(http, 401, "UNAUTHENTICATED", null, "Request had invalid authentication credentials.");
            return;
        }
        if (project != ProjectId)
        {
            await Error(http, 403, "PERMISSION_DENIED", null, "Permission denied.");
            return;
        }
        using var reader = new StreamReader(http.Request.Body);
        string body = await reader.ReadToEndAsync();
        string token;
        using (var json = JsonDocument.Parse(body)) token = json.RootElement.GetProperty("message").GetProperty("token").GetString()!;
        if (!Faults.IsEmpty && Faults.TryGetValue(token, out var fault))
        {
            int attempt = _seen.AddOrUpdate(token, 1, (_, n) => n + 1);
            switch (fault)
            {
                case Fault.Error e:
                    await Error(http, e.HttpStatus, e.Status, e.ErrorCode, $"{e.ErrorCode} for {token}");
                    return;
                case Fault.Busy b when attempt <= b.Times:
                    http.Response.Headers.RetryAfter = b.RetryAfterSeconds.ToString();
                    await Error(http, b.HttpStatus, b.HttpStatus == 429 ? "RESOURCE_EXHAUSTED" : "UNAVAILABLE", b.HttpStatus == 429 ? "QUOTA_EXCEEDED" : "UNAVAILABLE", "busy");
                    return;
                case Fault.Internal i when attempt <= i.Times:
                    await Error(http, 500, "INTERNAL", "INTERNAL", "internal");
                    return;
                case Fault.Drop d when attempt <= d.Times:
                    http.Abort();
                    return;
                case Fault.Slow s when attempt <= s.Times:
                    try { await Task.Delay(s.Delay, http.RequestAborted); } catch (OperationCanceledException) { return; }
                    break;
            }
        }
        if (Record) Accepted.Enqueue(new Request(body, auth, http.Request.Path));
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync($"{{\"name\":\"projects/{ProjectId}/messages/0:{Guid.NewGuid():N}\"}}");
    }

    private static Task Error(HttpContext http, int httpStatus, string status, string? errorCode, string message)
    {
        http.Response.StatusCode = httpStatus;
        http.Response.ContentType = "application/json";
        object details = errorCode is null ? Array.Empty<object>() : new object[] { new Dictionary<string, string> { ["@type"] = "type.googleapis.com/google.firebase.fcm.v1.FcmError", ["errorCode"] = errorCode } };
        return http.Response.WriteAsync(JsonSerializer.Serialize(new { error = new { code = httpStatus, message, status, details } }));
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
    }
}

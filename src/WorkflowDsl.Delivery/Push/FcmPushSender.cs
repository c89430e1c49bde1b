using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Google.Apis.Auth.OAuth2;
using Polly;
using WorkflowDsl.Delivery.Sending;

namespace WorkflowDsl.Delivery.Push;

/// <summary>Sends push notifications through the FCM HTTP v1 API: an OAuth token from the service
/// account (Google.Apis.Auth, cached and refreshed by it), one POST per device token over one shared
/// connection pool (HTTP/2 where the server offers it) with at most <see cref="FcmOptions.MaxConcurrency"/>
/// requests in flight. UNREGISTERED is <see cref="DeliveryResult.TokenUnregistered"/> (delete the token),
/// INVALID_ARGUMENT and other 4xx are final, 429 / 503 wait the Retry-After, 500 is retried with backoff.</summary>
public sealed class FcmPushSender : ChannelSender<PushMessage>, IDisposable
{
    /// <summary>The OAuth scope FCM needs.</summary>
    public const string Scope = "https://www.googleapis.com/auth/firebase.messaging";
    /// <summary>Largest message payload FCM accepts, in bytes.</summary>
    public const int MaxPayloadBytes = 4096;

    private readonly FcmOptions _options;
    private readonly ITokenAccess _token;
    private readonly HttpClient _http;
    private readonly SemaphoreSlim _slots;
    private readonly ResiliencePipeline<DeliveryResult> _retry;
    private readonly Uri _sendUri;

    /// <summary>Creates the sender.</summary>
    /// <exception cref="InvalidOperationException">The options or the key are not valid; the message lists each problem.</exception>
    public FcmPushSender(PushOptions options)
    {
        var problems = options.Validate().ToList();
        if (!options.UsesFcm) problems.Add("WorkflowDsl:Delivery:Push:Fcm:ServiceAccountFile is not set: FcmPushSender needs it (use OutboxPushSender otherwise).");
        if (problems.Count > 0) throw new InvalidOperationException(string.Join(Environment.NewLine, problems));
        _options = options.Fcm;
        string json = _options.ReadServiceAccount();
        ServiceAccountCredential account;
        try
        {
            account = CredentialFactory.FromJson<ServiceAccountCredential>(json);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException or System.Security.Cryptography.CryptographicException)
        {
            throw new InvalidOperationException($"WorkflowDsl:Delivery:Push:Fcm: the service-account key cannot be used ({e.Message}): download a new key.", e);
        }
        _token = account.ToGoogleCredential().CreateScoped(Scope).UnderlyingCredential;
        string projectId = !string.IsNullOrWhiteSpace(_options.ProjectId) ? _options.ProjectId : account.ProjectId;
        _sendUri = new Uri(new Uri(_options.BaseAddress.TrimEnd('/') + "/"), $"v1/projects/{Uri.EscapeDataString(projectId)}/messages:send");
        var handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            MaxConnectionsPerServer = _options.MaxConcurrency,
            PooledConnectionLifetime = TimeSpan.FromMinutes(10),
            AutomaticDecompression = DecompressionMethods.None,
        };
        _http = new HttpClient(handler)
        {
            Timeout = _options.RequestTimeout,
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };
        _slots = new SemaphoreSlim(_options.MaxConcurrency, _options.MaxConcurrency);
        _retry = _options.Retry.BuildPipeline();
    }

    /// <inheritdoc/>
    public override Channel Channel => Channel.Push;

    /// <inheritdoc/>
    public override string Destination => $"fcm {_sendUri} (at most {_options.MaxConcurrency} in flight)";

    /// <inheritdoc/>
    public override Task<DeliveryResult> SendAsync(PushMessage message, CancellationToken cancellationToken = default) =>
        SendAsync(message, inPlaceRetries: true, cancellationToken);

    /// <summary>One request, no waiting: 429/503 come back at once with their Retry-After (see
    /// <see cref="IChannelSender.SendOnceAsync"/>).</summary>
    public override Task<DeliveryResult> SendOnceAsync(PushMessage message, CancellationToken cancellationToken = default) =>
        SendAsync(message, inPlaceRetries: false, cancellationToken);

    private async Task<DeliveryResult> SendAsync(PushMessage message, bool inPlaceRetries, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(message.DeviceToken)) return new DeliveryResult.Skipped("The user has no push device token.");
        byte[] body = Payload(message);
        if (body.Length > MaxPayloadBytes + 64)
            return new DeliveryResult.FailedPermanent($"The push message is {body.Length} bytes; FCM accepts at most {MaxPayloadBytes}: shorten the push title, body or data.");
        if (!inPlaceRetries) return await AttemptAsync(body, cancellationToken).ConfigureAwait(false);
        return await _retry.ExecuteAsync(async ct => await AttemptAsync(body, ct).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The JSON request body for <paramref name="message"/>.</summary>
    public static byte[] Payload(PushMessage message)
    {
        using var buffer = new MemoryStream(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteBoolean("validate_only", false);
            json.WriteStartObject("message");
            json.WriteString("token", message.DeviceToken);
            json.WriteStartObject("notification");
            json.WriteString("title", message.Title);
            json.WriteString("body", message.Body);
            json.WriteEndObject();
            json.WriteStartObject("data");
            json.WriteString("message_id", message.MessageId);
            if (message.Data is not null)
                foreach (var (key, value) in message.Data) json.WriteString(key, value);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private async Task<DeliveryResult> AttemptAsync(byte[] body, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            string accessToken;
            try
            {
                accessToken = await _token.GetAccessTokenForRequestAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                return new DeliveryResult.FailedTransient($"Could not get an FCM access token for the service account: {e.Message}. Check Push:Fcm:ServiceAccountFile and the key's token_uri.") { ProviderCode = "oauth-token" };
            }
            using var request = new HttpRequestMessage(HttpMethod.Post, _sendUri) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json", "utf-8");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
            string text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                using var ok = JsonDocument.Parse(text);
                return new DeliveryResult.Sent(ok.RootElement.TryGetProperty("name", out var name) ? name.GetString() ?? "" : "");
            }
            return Classify((int)response.StatusCode, text, RetryAfterProbe.RetryAfterOf(response));
        }
        catch (Exception e) when (e is HttpRequestException or IOException or JsonException
                                  || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return new DeliveryResult.FailedTransient($"FCM request to {_sendUri.GetLeftPart(UriPartial.Authority)} failed: {e.Message}") { ProviderCode = "connection" };
        }
        finally
        {
            _slots.Release();
        }
    }

    /// <summary>The result for an FCM error response: by the FcmError errorCode, else the status.</summary>
    public static DeliveryResult Classify(int httpStatus, string body, TimeSpan? retryAfter = null)
    {
        string? status = null, errorCode = null, message = null;
        try
        {
            using var error = JsonDocument.Parse(body);
            if (error.RootElement.TryGetProperty("error", out var e))
            {
                status = e.TryGetProperty("status", out var s) ? s.GetString() : null;
                message = e.TryGetProperty("message", out var m) ? m.GetString() : null;
                if (e.TryGetProperty("details", out var details) && details.ValueKind == JsonValueKind.Array)
                    foreach (var d in details.EnumerateArray())
                        if (d.TryGetProperty("errorCode", out var code)) errorCode ??= code.GetString();
            }
        }
        catch (JsonException)
        {
            // Not FCM's JSON (a proxy's page): classify by HTTP status alone.
        }
        string kind = errorCode ?? status ?? "";
        string reason = $"FCM {httpStatus} {kind}: {message ?? body[..Math.Min(body.Length, 200)]}";
        DeliveryResult result = kind switch
        {
            "UNREGISTERED" or "NOT_FOUND" => new DeliveryResult.TokenUnregistered(reason),
            "INVALID_ARGUMENT" => new DeliveryResult.FailedPermanent(reason),
            "SENDER_ID_MISMATCH" => new DeliveryResult.FailedPermanent(reason + " (the token belongs to another Firebase project)"),
            "THIRD_PARTY_AUTH_ERROR" => new DeliveryResult.FailedPermanent(reason + " (check the APNs / web push credentials in the Firebase project)"),
            "PERMISSION_DENIED" => new DeliveryResult.FailedPermanent(reason + " (give the service account the Firebase Cloud Messaging API Admin role)"),
            "QUOTA_EXCEEDED" or "RESOURCE_EXHAUSTED" or "UNAVAILABLE" or "INTERNAL" or "UNAUTHENTICATED" => new DeliveryResult.FailedTransient(reason, retryAfter),
            _ when httpStatus is 429 or >= 500 => new DeliveryResult.FailedTransient(reason, retryAfter),
            _ => new DeliveryResult.FailedPermanent(reason),
        };
        return result with { ProviderCode = kind.Length > 0 ? $"{httpStatus} {kind}" : httpStatus.ToString(System.Globalization.CultureInfo.InvariantCulture) };
    }

    /// <summary>Releases the connection pool.</summary>
    public void Dispose()
    {
        _http.Dispose();
        _slots.Dispose();
    }
}

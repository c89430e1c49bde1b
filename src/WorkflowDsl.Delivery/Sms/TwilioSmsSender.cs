using System.Threading.RateLimiting;
using Polly;
using Twilio.Clients;
using Twilio.Exceptions;
using Twilio.Http;
using Twilio.Rest.Api.V2010.Account;
using Twilio.Types;
using WorkflowDsl.Delivery.Sending;

namespace WorkflowDsl.Delivery.Sms;

/// <summary>Sends SMS with the Twilio SDK at most <see cref="TwilioOptions.MessagesPerSecond"/>.
/// 21211 / 21614 are <see cref="DeliveryResult.InvalidAddress"/>, 21610 <see cref="DeliveryResult.OptedOut"/>,
/// 429 / 20429 and 5xx are retried (honouring Retry-After), other 4xx are final. Delivery failures
/// (30003–30008) arrive later through the status callback, not here.</summary>
public sealed class TwilioSmsSender : ChannelSender<SmsMessage>, IDisposable
{
    private readonly TwilioOptions _options;
    private readonly System.Net.Http.HttpClient _http;
    private readonly TwilioRestClient _client;
    private readonly ResiliencePipeline<DeliveryResult> _retry;
    private readonly TokenBucketRateLimiter _rate;

    /// <summary>Creates the sender.</summary>
    /// <exception cref="InvalidOperationException">The options are not valid; the message lists each problem.</exception>
    public TwilioSmsSender(SmsOptions options)
    {
        var problems = options.Validate().ToList();
        if (!options.UsesTwilio) problems.Add("WorkflowDsl:Delivery:Sms:Twilio:AccountSid is not set: TwilioSmsSender needs it (use OutboxSmsSender otherwise).");
        if (problems.Count > 0) throw new InvalidOperationException(string.Join(Environment.NewLine, problems));
        _options = options.Twilio;
        var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        _http = new System.Net.Http.HttpClient(new BaseAddressRewriteHandler(new Uri(_options.BaseAddress), handler)) { Timeout = _options.RequestTimeout };
        _client = new TwilioRestClient(_options.AccountSid, _options.AuthToken, httpClient: new SystemNetHttpClient(_http));
        _retry = _options.Retry.BuildPipeline();
        // Small buckets refilled often keep the rate smooth: about a tenth of a second's worth at a time.
        int perPeriod = Math.Max(1, (int)Math.Ceiling(_options.MessagesPerSecond / 10));
        _rate = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = perPeriod,
            TokensPerPeriod = perPeriod,
            ReplenishmentPeriod = TimeSpan.FromSeconds(perPeriod / _options.MessagesPerSecond),
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
    }

    /// <inheritdoc/>
    public override Channel Channel => Channel.Sms;

    /// <inheritdoc/>
    public override string Destination => $"twilio {_options.BaseAddress} (account {_options.AccountSid}, {_options.MessagesPerSecond}/s)";

    /// <inheritdoc/>
    public override async Task<DeliveryResult> SendAsync(SmsMessage message, CancellationToken cancellationToken = default)
    {
        if (!SmsNumbers.IsE164(message.To))
            return new DeliveryResult.InvalidAddress($"'{message.To}' is not an E.164 phone number (+ country code and number).");
        return await _retry.ExecuteAsync(async ct => await AttemptAsync(message, ct).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One request, no back-off or Retry-After wait (see <see cref="IChannelSender.SendOnceAsync"/>);
    /// the sender's own rate (<see cref="TwilioOptions.MessagesPerSecond"/>) still paces it.</summary>
    public override async Task<DeliveryResult> SendOnceAsync(SmsMessage message, CancellationToken cancellationToken = default)
    {
        if (!SmsNumbers.IsE164(message.To))
            return new DeliveryResult.InvalidAddress($"'{message.To}' is not an E.164 phone number (+ country code and number).");
        return await AttemptAsync(message, cancellationToken).ConfigureAwait(false);
    }

    private async Task<DeliveryResult> AttemptAsync(SmsMessage message, CancellationToken cancellationToken)
    {
        using var lease = await _rate.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
        var create = new CreateMessageOptions(new PhoneNumber(message.To)) { Body = message.Body };
        if (!string.IsNullOrWhiteSpace(_options.MessagingServiceSid)) create.MessagingServiceSid = _options.MessagingServiceSid;
        else create.From = new PhoneNumber(_options.From);
        if (_options.StatusCallback is not null) create.StatusCallback = new Uri(_options.StatusCallback);
        var probe = RetryAfterProbe.Start();
        try
        {
            var created = await MessageResource.CreateAsync(create, _client).WaitAsync(cancellationToken).ConfigureAwait(false);
            return new DeliveryResult.Sent(created.Sid);
        }
        catch (ApiException e) when (e.Status > 0)
        {
            return Classify(e.Code, e.Status, e.Message, probe.RetryAfter);
        }
        catch (Exception e) when (e is ApiException or ApiConnectionException or HttpRequestException or IOException
                                  || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return new DeliveryResult.FailedTransient($"Twilio request to {_options.BaseAddress} failed: {e.Message}") { ProviderCode = "connection" };
        }
    }

    /// <summary>The result for a Twilio error <paramref name="code"/> with HTTP <paramref name="status"/>.</summary>
    public static DeliveryResult Classify(int code, int status, string message, TimeSpan? retryAfter = null)
    {
        string reason = $"Twilio {code} (HTTP {status}): {message}";
        DeliveryResult result = code switch
        {
            21211 or 21614 => new DeliveryResult.InvalidAddress(reason),
            21610 => new DeliveryResult.OptedOut(reason),
            20429 => new DeliveryResult.FailedTransient(reason, retryAfter),
            _ when status == 429 || status >= 500 => new DeliveryResult.FailedTransient(reason, retryAfter),
            _ => new DeliveryResult.FailedPermanent(reason),
        };
        return result with { ProviderCode = code > 0 ? code.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"HTTP {status}" };
    }

    /// <summary>Releases the HTTP client and the rate limiter.</summary>
    public void Dispose()
    {
        _http.Dispose();
        _rate.Dispose();
    }
}

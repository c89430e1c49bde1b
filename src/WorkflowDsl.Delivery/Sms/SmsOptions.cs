using WorkflowDsl.Delivery.Sending;

namespace WorkflowDsl.Delivery.Sms;

/// <summary>SMS delivery (section <c>WorkflowDsl:Delivery:Sms</c>). Without a Twilio AccountSid, messages
/// are appended as JSON lines to <see cref="OutboxFile"/>.</summary>
public sealed class SmsOptions
{
    /// <summary>The Twilio account; leave AccountSid empty to write to the outbox file.</summary>
    public TwilioOptions Twilio { get; set; } = new();

    /// <summary>JSON-lines file used when Twilio is not configured. Default "outbox/sms.jsonl".</summary>
    public string OutboxFile { get; set; } = Path.Combine("outbox", "sms.jsonl");

    /// <summary>True when Twilio is configured.</summary>
    public bool UsesTwilio => !string.IsNullOrWhiteSpace(Twilio.AccountSid);

    /// <summary>Problems with the values, each naming the setting and what to do; empty when valid.</summary>
    public IEnumerable<string> Validate(string section = "WorkflowDsl:Delivery:Sms")
    {
        if (UsesTwilio) return Twilio.Validate(section + ":Twilio");
        return string.IsNullOrWhiteSpace(OutboxFile) ? [$"{section}:OutboxFile is empty and no Twilio:AccountSid is set: set one of them."] : [];
    }
}

/// <summary>The Twilio account (section <c>WorkflowDsl:Delivery:Sms:Twilio</c>).</summary>
public sealed class TwilioOptions
{
    /// <summary>Account SID (AC…).</summary>
    public string? AccountSid { get; set; }

    /// <summary>Auth token of the account.</summary>
    public string? AuthToken { get; set; }

    /// <summary>Sender number in E.164 form; or use <see cref="MessagingServiceSid"/>.</summary>
    public string? From { get; set; }

    /// <summary>Messaging Service SID (MG…); takes precedence over <see cref="From"/> at Twilio.</summary>
    public string? MessagingServiceSid { get; set; }

    /// <summary>Absolute URL Twilio posts delivery status changes to (optional).</summary>
    public string? StatusCallback { get; set; }

    /// <summary>API base address. Default https://api.twilio.com; tests point it at a local server.</summary>
    public string BaseAddress { get; set; } = "https://api.twilio.com";

    /// <summary>Most messages sent per second (the account's or sender's throughput). Default 1.</summary>
    public double MessagesPerSecond { get; set; } = 1;

    /// <summary>Timeout of one API request. Default 30 seconds.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries of 429/20429, 5xx and connection failures.</summary>
    public DeliveryRetryOptions Retry { get; set; } = new();

    /// <summary>Problems with the values, each naming the setting and what to do; empty when valid.</summary>
    public IEnumerable<string> Validate(string section)
    {
        if (string.IsNullOrWhiteSpace(AuthToken)) yield return $"{section}:AuthToken is empty: set the auth token of account {AccountSid}.";
        if (string.IsNullOrWhiteSpace(From) && string.IsNullOrWhiteSpace(MessagingServiceSid))
            yield return $"{section}: neither From nor MessagingServiceSid is set: set the sender number (+15551234567) or a Messaging Service SID (MG…).";
        if (!string.IsNullOrWhiteSpace(From) && !SmsNumbers.IsE164(From))
            yield return $"{section}:From '{From}' is not an E.164 number: write it as + country code and number, such as +15551234567.";
        if (StatusCallback is not null && (!Uri.TryCreate(StatusCallback, UriKind.Absolute, out var cb) || (cb.Scheme != Uri.UriSchemeHttps && cb.Scheme != Uri.UriSchemeHttp)))
            yield return $"{section}:StatusCallback '{StatusCallback}' is not an absolute http(s) URL: give the public address of the status endpoint, or remove it.";
        if (!Uri.TryCreate(BaseAddress, UriKind.Absolute, out var b) || (b.Scheme != Uri.UriSchemeHttps && b.Scheme != Uri.UriSchemeHttp))
            yield return $"{section}:BaseAddress '{BaseAddress}' is not an absolute http(s) address: leave it at https://api.twilio.com unless you test against a local server.";
        if (MessagesPerSecond is <= 0 or > 10_000 || double.IsNaN(MessagesPerSecond))
            yield return $"{section}:MessagesPerSecond is {MessagesPerSecond}: use more than 0 and at most 10000 (your sender's throughput).";
        if (RequestTimeout <= TimeSpan.Zero) yield return $"{section}:RequestTimeout is {RequestTimeout}: use more than 0.";
        foreach (string p in Retry.Validate(section + ":Retry")) yield return p;
    }
}

/// <summary>Phone number form checks.</summary>
public static class SmsNumbers
{
    /// <summary>True for an E.164 number: '+', a non-zero digit, then 6 to 14 digits.</summary>
    public static bool IsE164(string? number) =>
        number is { Length: >= 8 and <= 16 } && number[0] == '+' && number[1] is >= '1' and <= '9' && number.Skip(1).All(char.IsAsciiDigit);
}

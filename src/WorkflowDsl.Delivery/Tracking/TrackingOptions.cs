namespace WorkflowDsl.Delivery.Tracking;

/// <summary>Opens, clicks and unsubscribe links (section <c>WorkflowDsl:Delivery:Tracking</c>).</summary>
public sealed class TrackingOptions
{
    /// <summary>Public base address where <c>MapWorkflowTracking</c> is served, such as
    /// "https://learn.example.com". Without it, emails carry no pixel, no rewritten links and no
    /// List-Unsubscribe header.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>Secret key for the HMAC of tracking tokens: base64 of at least 32 random bytes
    /// (<c>openssl rand -base64 32</c>). Changing it invalidates links in emails already sent.</summary>
    public string? SigningKey { get; set; }

    /// <summary>Add the 1×1 tracking pixel to emails. Default true.</summary>
    public bool TrackOpens { get; set; } = true;

    /// <summary>Rewrite http(s) links in emails to the click redirect. Default true.</summary>
    public bool TrackClicks { get; set; } = true;

    /// <summary>True when <see cref="BaseUrl"/> is set.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(BaseUrl);

    /// <summary>Problems with the values, each naming the setting and what to do; empty when valid.</summary>
    public IEnumerable<string> Validate(string section = "WorkflowDsl:Delivery:Tracking")
    {
        if (!Enabled) yield break;
        if (!Uri.TryCreate(BaseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) || uri.Query.Length > 0)
            yield return $"{section}:BaseUrl '{BaseUrl}' is not an absolute http(s) address without a query: use the public address of the host that maps MapWorkflowTracking, such as https://learn.example.com.";
        byte[]? key = KeyBytes();
        if (key is null)
            yield return $"{section}:SigningKey is {(string.IsNullOrEmpty(SigningKey) ? "missing" : "not valid base64")}: set it to base64 of at least {TrackingTokens.MinKeyBytes} random bytes (openssl rand -base64 32).";
        else if (key.Length < TrackingTokens.MinKeyBytes)
            yield return $"{section}:SigningKey has {key.Length} bytes: use at least {TrackingTokens.MinKeyBytes} random bytes (openssl rand -base64 32).";
    }

    /// <summary>The decoded signing key, or null when missing or not base64.</summary>
    public byte[]? KeyBytes()
    {
        if (string.IsNullOrWhiteSpace(SigningKey)) return null;
        try { return Convert.FromBase64String(SigningKey.Trim()); }
        catch (FormatException) { return null; }
    }
}

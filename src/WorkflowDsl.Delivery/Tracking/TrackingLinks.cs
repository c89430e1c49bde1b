using System.Net;
using System.Text.RegularExpressions;

namespace WorkflowDsl.Delivery.Tracking;

/// <summary>Builds tracking addresses under <see cref="TrackingOptions.BaseUrl"/>:
/// <c>/t/o/{token}.gif</c> (pixel), <c>/t/c/{token}</c> (click), <c>/u/{token}</c> (unsubscribe), and
/// applies them to an email's HTML.</summary>
public sealed partial class TrackingLinks
{
    private readonly TrackingOptions _options;
    private readonly string _base;

    /// <summary>Creates the builder.</summary>
    /// <exception cref="InvalidOperationException">The options are not valid or tracking is off.</exception>
    public TrackingLinks(TrackingOptions options)
    {
        var problems = options.Validate().ToList();
        if (!options.Enabled) problems.Add("WorkflowDsl:Delivery:Tracking:BaseUrl is not set: tracking links need it.");
        if (problems.Count > 0) throw new InvalidOperationException(string.Join(Environment.NewLine, problems));
        _options = options;
        _base = options.BaseUrl!.TrimEnd('/');
        Tokens = new TrackingTokens(options.KeyBytes()!);
    }

    /// <summary>The token issuer.</summary>
    public TrackingTokens Tokens { get; }

    /// <summary>The tracking pixel's address.</summary>
    public string OpenPixelUrl(string messageId, string userId) =>
        $"{_base}/t/o/{Tokens.Issue(new TrackingPayload(TrackingKind.Open, messageId, userId))}.gif";

    /// <summary>The click redirect's address for <paramref name="target"/>.</summary>
    public string ClickUrl(string messageId, string userId, string target) =>
        $"{_base}/t/c/{Tokens.Issue(new TrackingPayload(TrackingKind.Click, messageId, userId, target))}";

    /// <summary>The unsubscribe address (the <c>unsubscribe_url</c> variable and the List-Unsubscribe header).</summary>
    public string UnsubscribeUrl(string messageId, string userId) =>
        $"{_base}/u/{Tokens.Issue(new TrackingPayload(TrackingKind.Unsubscribe, messageId, userId))}";

    /// <summary><paramref name="html"/> with every http(s) link (but the tracking host's own) rewritten to
    /// the click redirect and the pixel added at the end of the body, as the options say.</summary>
    public string Apply(string html, string messageId, string userId)
    {
        if (_options.TrackClicks)
        {
            html = Href().Replace(html, m =>
            {
                string target = WebUtility.HtmlDecode(m.Groups["url"].Value);
                if (!Uri.TryCreate(target, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
                    || target.StartsWith(_base + "/", StringComparison.OrdinalIgnoreCase))
                    return m.Value;
                return $"{m.Groups["before"].Value}{WebUtility.HtmlEncode(ClickUrl(messageId, userId, target))}{m.Groups["quote"].Value}";
            });
        }
        if (_options.TrackOpens)
        {
            string pixel = $"<img src=\"{OpenPixelUrl(messageId, userId)}\" width=\"1\" height=\"1\" alt=\"\" style=\"display:block;border:0;width:1px;height:1px\">";
            int bodyEnd = html.LastIndexOf("</body>", StringComparison.OrdinalIgnoreCase);
            html = bodyEnd >= 0 ? html.Insert(bodyEnd, pixel) : html + pixel;
        }
        return html;
    }

    [GeneratedRegex(@"(?<before><a\b[^>]*?\bhref\s*=\s*(?<quote>[""']))(?<url>[^""']*)\k<quote>", RegexOptions.IgnoreCase)]
    private static partial Regex Href();
}

using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace WorkflowDsl.Delivery.Rendering;

/// <summary>Turns the small HTML of message templates into readable plain text, and makes header-safe
/// one-line texts.</summary>
public static partial class HtmlText
{
    /// <summary>The plain-text form of <paramref name="html"/>: paragraphs and line breaks become new lines,
    /// list items become "- " lines, a link becomes "text (url)" (or just the url when they are equal),
    /// images and other tags are dropped and entities decoded.</summary>
    public static string ToPlainText(string html)
    {
        string text = ScriptOrStyle().Replace(html, "");
        text = Anchor().Replace(text, m =>
        {
            string href = WebUtility.HtmlDecode(m.Groups["href"].Value);
            string inner = WebUtility.HtmlDecode(AnyTag().Replace(m.Groups["text"].Value, "")).Trim();
            return inner.Length == 0 || inner == href ? href : $"{inner} ({href})";
        });
        text = LineBreak().Replace(text, "\n");
        text = ListItem().Replace(text, "\n- ");
        text = BlockEnd().Replace(text, "\n\n");
        text = AnyTag().Replace(text, "");
        text = WebUtility.HtmlDecode(text);
        var lines = text.Replace("\r\n", "\n").Split('\n').Select(l => Spaces().Replace(l, " ").Trim());
        var result = new StringBuilder();
        int blank = 0;
        string previous = "";
        foreach (string line in lines)
        {
            if (line.Length == 0) { blank++; continue; }
            bool listContinues = line.StartsWith("- ", StringComparison.Ordinal) && previous.StartsWith("- ", StringComparison.Ordinal);
            if (result.Length > 0) result.Append(blank > 0 && !listContinues ? "\n\n" : "\n");
            result.Append(line);
            previous = line;
            blank = 0;
        }
        return result.ToString();
    }

    /// <summary><paramref name="text"/> on one line: CR, LF and other control characters become spaces and
    /// runs of spaces collapse, so a rendered value cannot start a new header line.</summary>
    public static string OneLine(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (char c in text) sb.Append(char.IsControl(c) || c == '\u2028' || c == '\u2029' ? ' ' : c);
        return Spaces().Replace(sb.ToString(), " ").Trim();
    }

    [GeneratedRegex(@"<(script|style)\b.*?</\1\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex ScriptOrStyle();
    [GeneratedRegex(@"<a\b[^>]*?\bhref\s*=\s*[""'](?<href>[^""']*)[""'][^>]*>(?<text>.*?)</a\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex Anchor();
    [GeneratedRegex(@"<br\s*/?>", RegexOptions.IgnoreCase)]
    private static partial Regex LineBreak();
    [GeneratedRegex(@"<li\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex ListItem();
    [GeneratedRegex(@"</(p|div|ul|ol|h[1-6]|table|tr)\s*>|<(p|div|ul|ol|h[1-6]|table|tr)\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex BlockEnd();
    [GeneratedRegex(@"<[^>]*>")]
    private static partial Regex AnyTag();
    [GeneratedRegex(@"[ \t\f\v\u00A0]+")]
    private static partial Regex Spaces();
}

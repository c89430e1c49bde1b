using System.Net;
using System.Text.RegularExpressions;

namespace WorkflowDsl.Dispatch.Tests.Infrastructure;

/// <summary>The tracking URLs in a received email's HTML body: the open pixel and the tracked links.</summary>
public static partial class TrackedUrls
{
    /// <summary>The open pixel's URL, or null when the body has none.</summary>
    public static string? Pixel(string? html) => First(PixelPattern(), html);

    /// <summary>The first tracked link's URL, or null when the body has none.</summary>
    public static string? Click(string? html) => First(ClickPattern(), html);

    private static string? First(Regex pattern, string? html) =>
        html is not null && pattern.Match(html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;

    [GeneratedRegex("<img src=\"([^\"]+/t/o/[^\"]+)\"")]
    private static partial Regex PixelPattern();

    [GeneratedRegex("href=\"([^\"]+/t/c/[^\"]+)\"")]
    private static partial Regex ClickPattern();
}

namespace WorkflowDsl.Server.Dashboard;

/// <summary>Links that keep a page's query values (filters, search, paging).</summary>
internal static class QueryString
{
    /// <summary><paramref name="path"/> with the non-empty values as its query string.</summary>
    public static string Of(string path, params (string Name, string? Value)[] values)
    {
        var parts = values.Where(v => !string.IsNullOrEmpty(v.Value)).Select(v => v.Name + "=" + Uri.EscapeDataString(v.Value!)).ToList();
        return parts.Count == 0 ? path : path + "?" + string.Join("&", parts);
    }

    /// <summary>A rate 0..1 as a whole percentage.</summary>
    public static string Percent(double rate) => (rate * 100).ToString("0", System.Globalization.CultureInfo.InvariantCulture) + " %";

    /// <summary>A UTC time as people read it.</summary>
    public static string Time(DateTime? utc) => utc is { } t ? t.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture) + " UTC" : "never";
}

namespace WorkflowDsl;

/// <summary>Readable durations for delays: <c>30.Days()</c>, <c>12.Hours()</c>, <c>2.Weeks()</c>.</summary>
public static class Durations
{
    /// <summary>The given number of minutes.</summary>
    public static TimeSpan Minutes(this int minutes) => TimeSpan.FromMinutes(minutes);
    /// <summary>The given number of hours.</summary>
    public static TimeSpan Hours(this int hours) => TimeSpan.FromHours(hours);
    /// <summary>The given number of days.</summary>
    public static TimeSpan Days(this int days) => TimeSpan.FromDays(days);
    /// <summary>The given number of weeks.</summary>
    public static TimeSpan Weeks(this int weeks) => TimeSpan.FromDays(7 * weeks);
}

using WorkflowDsl.Rules;

namespace WorkflowDsl;

/// <summary>Readable durations for delays: <c>30.Days()</c>, <c>12.Hours()</c>, <c>2.Weeks()</c>, and
/// fractions such as <c>1.5.Days()</c>. A delay is a whole number of minutes (the smallest unit the
/// product supports, WFDSL023); a fraction within a millisecond of whole minutes counts as those minutes.</summary>
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

    /// <summary>The given, possibly fractional, number of minutes (as <see cref="TimeSpan.FromMinutes(double)"/>).</summary>
    /// <exception cref="OverflowException">The value does not fit a <see cref="TimeSpan"/>.</exception>
    public static TimeSpan Minutes(this double minutes) => Fraction(minutes, TimeSpan.TicksPerMinute, nameof(minutes));
    /// <summary>The given, possibly fractional, number of hours: <c>1.5.Hours()</c> is 90 minutes.</summary>
    /// <exception cref="OverflowException">The value does not fit a <see cref="TimeSpan"/>.</exception>
    public static TimeSpan Hours(this double hours) => Fraction(hours, TimeSpan.TicksPerHour, nameof(hours));
    /// <summary>The given, possibly fractional, number of days: <c>1.5.Days()</c> is 2,160 minutes.</summary>
    /// <exception cref="OverflowException">The value does not fit a <see cref="TimeSpan"/>.</exception>
    public static TimeSpan Days(this double days) => Fraction(days, TimeSpan.TicksPerDay, nameof(days));
    /// <summary>The given, possibly fractional, number of weeks: <c>0.5.Weeks()</c> is 3.5 days.</summary>
    /// <exception cref="OverflowException">The value does not fit a <see cref="TimeSpan"/>.</exception>
    public static TimeSpan Weeks(this double weeks) => Fraction(weeks, 7 * TimeSpan.TicksPerDay, nameof(weeks));

    // The same arithmetic the generator applies to the constant (StepCatalog.FractionalTicks), so both agree to the tick.
    private static TimeSpan Fraction(double count, long unitTicks, string parameter)
    {
        long ticks = StepCatalog.FractionalTicks(count, unitTicks, out bool outOfRange);
        if (outOfRange) throw new OverflowException($"{count.ToString(System.Globalization.CultureInfo.InvariantCulture)} {parameter} does not fit a TimeSpan: use a smaller number.");
        return TimeSpan.FromTicks(ticks);
    }
}

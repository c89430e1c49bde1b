using System;

namespace WorkflowDsl.Rules
{
    /// <summary>Durations as text: short forms for keys ("30d", "12h") and long forms for people ("30 days").</summary>
#if WORKFLOWDSL_GENERATOR
    internal
#else
    public
#endif
    static class DurationText
    {
        /// <summary>The short form used in derived step keys.</summary>
        public static string Short(long ticks)
        {
            if (ticks <= 0) return "0";
            if (ticks % TimeSpan.TicksPerDay == 0) return (ticks / TimeSpan.TicksPerDay) + "d";
            if (ticks % TimeSpan.TicksPerHour == 0) return (ticks / TimeSpan.TicksPerHour) + "h";
            if (ticks % TimeSpan.TicksPerMinute == 0) return (ticks / TimeSpan.TicksPerMinute) + "m";
            if (ticks % TimeSpan.TicksPerSecond == 0) return (ticks / TimeSpan.TicksPerSecond) + "s";
            return ticks + "t";
        }

        /// <summary>The long form used in messages and diagrams.</summary>
        public static string Describe(long ticks)
        {
            if (ticks == 0) return "0";
            string sign = ticks < 0 ? "-" : "";
            long abs = Math.Abs(ticks);
            if (abs % (7 * TimeSpan.TicksPerDay) == 0) return Plural(sign, abs / (7 * TimeSpan.TicksPerDay), "week");
            if (abs % TimeSpan.TicksPerDay == 0) return Plural(sign, abs / TimeSpan.TicksPerDay, "day");
            if (abs % TimeSpan.TicksPerHour == 0) return Plural(sign, abs / TimeSpan.TicksPerHour, "hour");
            if (abs % TimeSpan.TicksPerMinute == 0) return Plural(sign, abs / TimeSpan.TicksPerMinute, "minute");
            return sign + TimeSpan.FromTicks(abs).ToString();
        }

        /// <summary>The duration in minutes as an invariant decimal number, up to 7 decimals ("14.4", "1.5").</summary>
        public static string Minutes(long ticks)
        {
            decimal minutes = (decimal)ticks / TimeSpan.TicksPerMinute;
            return minutes.ToString("0.#######", System.Globalization.CultureInfo.InvariantCulture);
        }

        /// <summary>The whole-minute delay nearest to <paramref name="ticks"/> (at least one minute), written as the DSL writes it ("14.Minutes()").</summary>
        public static string Suggestion(long ticks)
        {
            long minutes = (long)Math.Round((decimal)ticks / TimeSpan.TicksPerMinute, MidpointRounding.AwayFromZero);
            if (minutes < 1) minutes = 1;
            return minutes.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".Minutes()";
        }

        private static string Plural(string sign, long n, string unit) => sign + n + " " + unit + (n == 1 ? "" : "s");
    }
}

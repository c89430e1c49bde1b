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

        private static string Plural(string sign, long n, string unit) => sign + n + " " + unit + (n == 1 ? "" : "s");
    }
}

using System;

namespace WorkflowDsl.Rules
{
    /// <summary>Checks five-field cron expressions (minute hour day-of-month month day-of-week) and the
    /// macros @hourly, @daily, @midnight, @weekly, @monthly, @yearly and @annually: the syntax the run
    /// time's scheduler (Cronos) accepts, including '?', 'L', 'W' and '#'.</summary>
#if WORKFLOWDSL_GENERATOR
    internal
#else
    public
#endif
    static class CronSyntax
    {
        private static readonly string[] Macros = { "@hourly", "@daily", "@midnight", "@weekly", "@monthly", "@yearly", "@annually", "@every_minute" };
        private static readonly string[] MonthNames = { "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC" };
        private static readonly string[] DayNames = { "SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT" };

        /// <summary>Returns null when <paramref name="expression"/> is valid, otherwise what is wrong and how to fix it.</summary>
        public static string? Validate(string? expression)
        {
            if (string.IsNullOrWhiteSpace(expression))
                return "The cron expression is empty: use five fields 'minute hour day-of-month month day-of-week', for example \"0 8 * * MON-FRI\".";
            string text = expression!.Trim();
            if (text.StartsWith("@", StringComparison.Ordinal))
            {
                foreach (var macro in Macros)
                    if (string.Equals(macro, text, StringComparison.OrdinalIgnoreCase)) return null;
                return "Cron macro '" + text + "' is unknown: use one of " + string.Join(", ", Macros) + ", or five fields.";
            }
            var fields = text.Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length != 5)
                return "Cron expression '" + text + "' has " + fields.Length + " fields: use five, 'minute hour day-of-month month day-of-week', for example \"0 8 * * MON-FRI\".";
            return Field(fields[0], "minute", 0, 59, null, false, false)
                ?? Field(fields[1], "hour", 0, 23, null, false, false)
                ?? Field(fields[2], "day-of-month", 1, 31, null, true, false)
                ?? Field(fields[3], "month", 1, 12, MonthNames, false, false)
                ?? Field(fields[4], "day-of-week", 0, 7, DayNames, false, true);
        }

        private static string? Field(string field, string name, int min, int max, string[]? names, bool dayOfMonth, bool dayOfWeek)
        {
            if ((dayOfMonth || dayOfWeek) && field == "?") return null;
            foreach (var part in field.Split(','))
            {
                string? error = Part(part, name, min, max, names, dayOfMonth, dayOfWeek);
                if (error != null) return error;
            }
            return null;
        }

        private static string? Part(string part, string name, int min, int max, string[]? names, bool dayOfMonth, bool dayOfWeek)
        {
            string bad = "Cron " + name + " field value '" + part + "' is invalid: use *, a number " + min + "-" + max +
                         (names != null ? " or a name (" + names[0] + "-" + names[names.Length - 1] + ")" : "") + ", a range a-b, a list a,b or a step */n.";
            if (part.Length == 0) return bad;
            string range = part;
            int slash = part.IndexOf('/');
            if (slash >= 0)
            {
                if (!int.TryParse(part.Substring(slash + 1), out int step) || step <= 0 || step > max) return bad;
                range = part.Substring(0, slash);
            }
            if (range == "*") return null;
            if (dayOfMonth && slash < 0)
            {
                if (range == "L" || range == "LW") return null;
                if (range.StartsWith("L-", StringComparison.Ordinal)) return int.TryParse(range.Substring(2), out int back) && back >= 0 && back <= 30 ? null : bad;
                if (range.EndsWith("W", StringComparison.Ordinal)) range = range.Substring(0, range.Length - 1);
            }
            if (dayOfWeek && slash < 0)
            {
                int hash = range.IndexOf('#');
                if (hash >= 0)
                {
                    if (!int.TryParse(range.Substring(hash + 1), out int nth) || nth < 1 || nth > 5) return bad;
                    range = range.Substring(0, hash);
                }
                else if (range.Length > 1 && range.EndsWith("L", StringComparison.Ordinal))
                {
                    range = range.Substring(0, range.Length - 1);
                }
            }
            int dash = range.IndexOf('-');
            if (dash > 0)
            {
                if (!Value(range.Substring(0, dash), min, max, names, out int from) || !Value(range.Substring(dash + 1), min, max, names, out int to)) return bad;
                return from <= to || dayOfWeek ? null : "Cron " + name + " range '" + range + "' runs backwards: write the smaller value first.";
            }
            return Value(range, min, max, names, out _) ? null : bad;
        }

        private static bool Value(string text, int min, int max, string[]? names, out int value)
        {
            if (int.TryParse(text, out value)) return value >= min && value <= max;
            if (names != null)
            {
                for (int i = 0; i < names.Length; i++)
                {
                    if (string.Equals(names[i], text, StringComparison.OrdinalIgnoreCase))
                    {
                        value = min == 1 ? i + 1 : i;
                        return true;
                    }
                }
            }
            return false;
        }
    }
}

using System;
using System.Collections.Generic;
using System.Globalization;
using Cronos;

namespace WorkflowDsl.Rules
{
    /// <summary>Checks a schedule's cron expression with the scheduler's own parser (Cronos, five fields
    /// 'minute hour day-of-month month day-of-week', or a macro such as @daily), so the compiler, the
    /// run-time builder and the server accept exactly what the scheduler runs. On top of the parser it
    /// refuses what the scheduler accepts but can never fire (31 February) and schedules finer than a
    /// minute (@every_second). Every message says what is wrong and gives a corrected expression that
    /// this check accepts and that fires.</summary>
    /// <remarks>The messages name the field at fault from a reading of the expression written here
    /// (<see cref="Explain"/>), which follows the scheduler's grammar; the decision to accept or refuse is the
    /// scheduler parser's alone. A test holds the two readings equal over thousands of generated expressions.</remarks>
#if WORKFLOWDSL_GENERATOR
    internal
#else
    public
#endif
    static class CronSyntax
    {
        /// <summary>The example given when no corrected form of the expression can be made.</summary>
        public const string DefaultExample = "0 8 * * MON-FRI";

        private static readonly string[] Macros = { "@hourly", "@daily", "@midnight", "@weekly", "@monthly", "@yearly", "@annually", "@every_minute" };
        private static readonly string[] MonthNames = { "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC" };
        private static readonly string[] MonthFullNames = { "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December" };
        private static readonly string[] DayNames = { "SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT" };
        private static readonly int[] DaysInMonth = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
        private static readonly char[] Separators = { ' ', '\t' };

        // A fixed start, so "never fires" does not depend on the day the check runs.
        private static readonly DateTime SearchFrom = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

        private sealed class FieldSpec
        {
            public FieldSpec(int index, string name, int min, int max, string[]? names, string fallback)
            {
                Index = index;
                Name = name;
                Min = min;
                Max = max;
                Names = names;
                Fallback = fallback;
            }

            public int Index { get; }
            public string Name { get; }
            public int Min { get; }
            public int Max { get; }
            public string[]? Names { get; }
            /// <summary>What replaces the field in a suggested fix when nothing nearer is valid.</summary>
            public string Fallback { get; }
            public int StepMax => Max;
            public bool DayOfMonth => Index == 2;
            public bool DayOfWeek => Index == 4;
        }

        private static readonly FieldSpec[] Fields =
        {
            new FieldSpec(0, "minute", 0, 59, null, "0"),
            new FieldSpec(1, "hour", 0, 23, null, "8"),
            new FieldSpec(2, "day-of-month", 1, 31, null, "1"),
            new FieldSpec(3, "month", 1, 12, MonthNames, "*"),
            new FieldSpec(4, "day-of-week", 0, 7, DayNames, "MON-FRI"),
        };

        /// <summary>Returns null when <paramref name="expression"/> is a schedule the scheduler accepts and
        /// that fires, otherwise what is wrong and a corrected expression.</summary>
        public static string? Validate(string? expression)
        {
            if (expression == null || expression.Trim().Length == 0)
                return "The cron expression is empty: use five fields 'minute hour day-of-month month day-of-week', for example \"" + DefaultExample + "\".";
            string text = expression.Trim();
            if (!TryParse(text, out var cron, out string? schedulerMessage))
                return Explain(text) ?? "Cron expression '" + text + "' is not accepted by the scheduler (" + schedulerMessage + "): use five fields 'minute hour day-of-month month day-of-week', for example \"" + DefaultExample + "\".";
            if (string.Equals(text, "@every_second", StringComparison.OrdinalIgnoreCase))
                return "Cron macro '" + text + "' runs every second: schedules run at most once a minute; use a macro such as @hourly or five fields, for example \"" + Verified("@every_minute") + "\".";
            if (cron!.GetNextOccurrence(SearchFrom) == null)
                return NeverFires(text);
            return null;
        }

        /// <summary>True when the scheduler (Cronos, <see cref="CronFormat.Standard"/>) parses the expression.</summary>
        public static bool SchedulerAccepts(string expression) => TryParse(expression.Trim(), out _, out _);

        private static bool TryParse(string text, out CronExpression? cron, out string? message)
        {
            message = null;
            try
            {
                cron = CronExpression.Parse(text, CronFormat.Standard);
                return true;
            }
            catch (CronFormatException e)
            {
                cron = null;
                message = e.Message.Replace("The given cron expression has an invalid format. ", "");
                return false;
            }
        }

        /// <summary>What is wrong with the expression's syntax as the scheduler reads it (the field, the value
        /// and a corrected expression), or null when its syntax is one the scheduler accepts. Says nothing about
        /// whether it fires.</summary>
        public static string? Explain(string expression)
        {
            string text = expression.Trim();
            if (text.Length == 0) return "The cron expression is empty: use five fields 'minute hour day-of-month month day-of-week', for example \"" + DefaultExample + "\".";
            if (text[0] == '@')
            {
                foreach (var macro in Macros)
                    if (string.Equals(macro, text, StringComparison.OrdinalIgnoreCase)) return null;
                if (string.Equals(text, "@every_second", StringComparison.OrdinalIgnoreCase)) return null;
                return "Cron macro '" + text + "' is unknown: use one of " + string.Join(", ", Macros) + ", or five fields, for example \"" + DefaultExample + "\".";
            }
            var fields = text.Split(Separators, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length != 5)
            {
                string example = DefaultExample;
                // Six fields: most often seconds first (Quartz, Hangfire's six-field form); drop them.
                if (fields.Length == 6)
                {
                    string withoutSeconds = string.Join(" ", fields, 1, 5);
                    if (IsGood(withoutSeconds)) example = withoutSeconds;
                }
                return "Cron expression '" + text + "' has " + fields.Length + " field" + (fields.Length == 1 ? "" : "s") +
                       ": use five, 'minute hour day-of-month month day-of-week' (no seconds, no year), for example \"" + example + "\".";
            }
            foreach (var spec in Fields)
            {
                string? problem = CheckField(fields[spec.Index], spec);
                if (problem != null) return problem + ", for example \"" + Fix(fields, spec) + "\".";
            }
            return null;
        }

        // ---------------------------------------------------------------- fields

        /// <summary>What is wrong with one field (without the example), or null.</summary>
        private static string? CheckField(string field, FieldSpec spec)
        {
            string upper = field.ToUpperInvariant();
            if (spec.DayOfMonth && IsDayOfMonthSpecial(upper, out string? specialProblem)) return specialProblem;
            if (spec.DayOfWeek && IsDayOfWeekSpecial(upper, out specialProblem)) return specialProblem;
            var items = upper.Split(',');
            foreach (var item in items)
            {
                if (item.Length == 0) return Prefix(spec) + " '" + field + "' has an empty list item: separate values with single commas (1,15)";
                string? problem = CheckItem(item, spec, items.Length > 1);
                if (problem != null) return problem;
            }
            return null;
        }

        private static string Prefix(FieldSpec spec) => "Cron " + spec.Name + " field";

        private static string Allowed(FieldSpec spec) =>
            "use *, a number " + spec.Min + "-" + spec.Max + (spec.Names != null ? " or a name " + spec.Names[0] + "-" + spec.Names[spec.Names.Length - 1] : "") +
            ", a range a-b, a list a,b or a step */n" +
            (spec.DayOfMonth ? "; or alone L (last day), L-n, LW or nW (nearest weekday)" : "") +
            (spec.DayOfWeek ? "; or alone nL (last such day of the month) or n#k (k-th such day)" : "");

        private static string? CheckItem(string item, FieldSpec spec, bool inList)
        {
            string bad = Prefix(spec) + " value '" + item + "' is invalid: " + Allowed(spec);
            string range = item;
            int slash = item.IndexOf('/');
            if (slash >= 0)
            {
                string stepText = item.Substring(slash + 1);
                if (!Number(stepText, out int step)) return bad;
                if (step < 1 || step > spec.StepMax)
                    return Prefix(spec) + " step '/" + stepText + "' is outside 1-" + spec.StepMax + ": use a step from 1 to " + spec.StepMax;
                range = item.Substring(0, slash);
            }
            if (range == "*" || range == "?") return null;
            if (inList && (spec.DayOfMonth && (range.IndexOf('L') >= 0 || range.IndexOf('W') >= 0) || spec.DayOfWeek && (range.IndexOf('L') >= 0 || range.IndexOf('#') >= 0)))
                return Prefix(spec) + " value '" + item + "' cannot be part of a list: the scheduler takes " +
                       (spec.DayOfMonth ? "L, L-n, LW and nW" : "nL and n#k") + " only as the whole field; write one schedule per value";
            if (slash >= 0 && (spec.DayOfMonth && range.StartsWith("L", StringComparison.Ordinal) || range.IndexOf('#') >= 0 || spec.DayOfWeek && range.EndsWith("L", StringComparison.Ordinal)))
                return Prefix(spec) + " value '" + item + "' cannot take a step: drop '/" + item.Substring(slash + 1) + "'";
            int dash = range.IndexOf('-');
            if (dash >= 0)
            {
                string fromText = range.Substring(0, dash), toText = range.Substring(dash + 1);
                string? fromProblem = Value(fromText, spec, out _);
                if (fromProblem != null) return fromProblem == "" ? bad : fromProblem;
                string? toProblem = Value(toText, spec, out _);
                if (toProblem != null) return toProblem == "" ? bad : toProblem;
                return null;
            }
            string? problem = Value(range, spec, out _);
            return problem == null ? null : problem == "" ? bad : problem;
        }

        /// <summary>Null for a valid value, "" when it is not a value at all, else a message about its range.</summary>
        private static string? Value(string text, FieldSpec spec, out int value)
        {
            value = 0;
            if (text.Length > 0 && char.IsDigit(text[0]))
            {
                if (!Number(text, out value)) return "";
                return value >= spec.Min && value <= spec.Max ? null
                    : "Cron " + spec.Name + " value '" + text + "' is outside " + spec.Min + "-" + spec.Max + ": use a number from " + spec.Min + " to " + spec.Max;
            }
            if (spec.Names != null)
            {
                for (int i = 0; i < spec.Names.Length; i++)
                {
                    if (spec.Names[i] == text)
                    {
                        value = spec.Index == 3 ? i + 1 : i;
                        return null;
                    }
                }
            }
            return "";
        }

        /// <summary>One or two digits, as the scheduler reads numbers.</summary>
        private static bool Number(string text, out int value)
        {
            value = 0;
            if (text.Length == 0 || text.Length > 2) return false;
            foreach (char c in text)
            {
                if (c < '0' || c > '9') return false;
                value = value * 10 + (c - '0');
            }
            return true;
        }

        /// <summary>True when the whole day-of-month field is L, LW, L-n, L-nW or nW; <paramref name="problem"/> then says what is wrong with it, if anything.</summary>
        private static bool IsDayOfMonthSpecial(string field, out string? problem)
        {
            problem = null;
            if (field.IndexOf(',') >= 0 || field.IndexOf('/') >= 0) return false;
            if (field == "L" || field == "LW") return true;
            if (field.StartsWith("L-", StringComparison.Ordinal))
            {
                string back = field.Substring(2);
                if (back.EndsWith("W", StringComparison.Ordinal)) back = back.Substring(0, back.Length - 1);
                if (!Number(back, out int n) || n > 30)
                    problem = "Cron day-of-month field 'L-" + back + "' is invalid: L-n counts n days back from the last day of the month, n from 0 to 30";
                return true;
            }
            if (field.Length > 1 && field.EndsWith("W", StringComparison.Ordinal) && char.IsDigit(field[0]))
            {
                string day = field.Substring(0, field.Length - 1);
                if (!Number(day, out int n) || n < 1 || n > 31)
                    problem = "Cron day-of-month field '" + field + "' is invalid: nW is the weekday nearest to day n, n from 1 to 31";
                return true;
            }
            return false;
        }

        /// <summary>True when the whole day-of-week field is nL or n#k; <paramref name="problem"/> then says what is wrong with it, if anything.</summary>
        private static bool IsDayOfWeekSpecial(string field, out string? problem)
        {
            problem = null;
            if (field.IndexOf(',') >= 0 || field.IndexOf('/') >= 0 || field.IndexOf('-') >= 0) return false;
            var spec = Fields[4];
            int hash = field.IndexOf('#');
            if (hash >= 0)
            {
                string day = field.Substring(0, hash), nth = field.Substring(hash + 1);
                if (Value(day, spec, out _) is string dayProblem) problem = dayProblem.Length > 0 ? dayProblem : "Cron day-of-week field '" + field + "' is invalid: n#k is the k-th such day of the month, n a day 0-7 or SUN-SAT";
                else if (!Number(nth, out int k) || k < 1 || k > 5) problem = "Cron day-of-week field '" + field + "' is invalid: in n#k, k (which such day of the month) is 1 to 5";
                return true;
            }
            if (field.Length > 1 && field.EndsWith("L", StringComparison.Ordinal))
            {
                string day = field.Substring(0, field.Length - 1);
                if (Value(day, spec, out _) is string dayProblem)
                    problem = dayProblem.Length > 0 ? dayProblem : "Cron day-of-week field '" + field + "' is invalid: nL is the last such day of the month, n a day 0-7 or SUN-SAT (5L, FRIL)";
                return true;
            }
            return false;
        }

        // ---------------------------------------------------------------- fixes

        /// <summary>The expression with the field at fault replaced by the nearest value that makes the
        /// whole expression valid and firing; <see cref="DefaultExample"/> when there is none.</summary>
        private static string Fix(string[] fields, FieldSpec spec)
        {
            foreach (var candidate in Candidates(fields[spec.Index].ToUpperInvariant(), spec))
            {
                var copy = (string[])fields.Clone();
                copy[spec.Index] = candidate;
                string fixedText = string.Join(" ", copy);
                if (IsGood(fixedText)) return fixedText;
            }
            return DefaultExample;
        }

        /// <summary>Repairs of a field, nearest first: out-of-range numbers clamped, steps clamped, list items
        /// that cannot be listed kept alone, then the field's fallback and *.</summary>
        private static IEnumerable<string> Candidates(string field, FieldSpec spec)
        {
            var items = field.Split(',');
            var repaired = new List<string>();
            foreach (var item in items)
            {
                if (item.Length == 0) continue;
                string range = item, step = "";
                int slash = item.IndexOf('/');
                if (slash >= 0)
                {
                    range = item.Substring(0, slash);
                    step = "/" + ClampNumber(item.Substring(slash + 1), 1, spec.StepMax);
                }
                if (range.StartsWith("L", StringComparison.Ordinal) || range.EndsWith("L", StringComparison.Ordinal) || range.IndexOf('#') >= 0 || range.EndsWith("W", StringComparison.Ordinal))
                {
                    yield return range; // a special value alone
                    continue;
                }
                int dash = range.IndexOf('-');
                string clamped = dash > 0
                    ? ClampNumber(range.Substring(0, dash), spec.Min, spec.Max) + "-" + ClampNumber(range.Substring(dash + 1), spec.Min, spec.Max)
                    : range == "*" || range == "?" ? range : ClampNumber(range, spec.Min, spec.Max);
                repaired.Add(clamped + step);
            }
            if (repaired.Count > 0) yield return string.Join(",", repaired);
            yield return spec.Fallback;
            yield return "*";
        }

        private static string ClampNumber(string text, int min, int max)
        {
            if (text.Length == 0 || text.Length > 9) return text;
            foreach (char c in text)
                if (c < '0' || c > '9') return text;
            int value = int.Parse(text, CultureInfo.InvariantCulture);
            return (value < min ? min : value > max ? max : value).ToString(CultureInfo.InvariantCulture);
        }

        /// <summary>True when the expression is valid and fires.</summary>
        private static bool IsGood(string text) =>
            TryParse(text, out var cron, out _) && Explain(text) == null && cron!.GetNextOccurrence(SearchFrom) != null;

        private static string Verified(string text) => IsGood(text) ? text : DefaultExample;

        // ---------------------------------------------------------------- never fires

        /// <summary>Why an expression the scheduler parses never fires, with a corrected expression.</summary>
        private static string NeverFires(string text)
        {
            var fields = text.Split(Separators, StringSplitOptions.RemoveEmptyEntries);
            string dayOfMonth = fields[2].ToUpperInvariant(), month = fields[3], dayOfWeek = fields[4];
            var months = Set(month, Fields[3]);
            string why;
            int firstDay = FirstDayOfMonth(dayOfMonth);
            if (months != null && firstDay > 0 && AllMonthsShorter(months, firstDay))
            {
                var names = new List<string>();
                foreach (int m in months) names.Add(MonthFullNames[m - 1]);
                why = Join(names) + (names.Count == 1 ? " never has" : " never have") + " day " + firstDay.ToString(CultureInfo.InvariantCulture);
            }
            else if (months != null && dayOfMonth.StartsWith("L-", StringComparison.Ordinal))
            {
                why = "day-of-month '" + fields[2] + "' counts back past the first day of every month it allows (month '" + month + "')";
            }
            else
            {
                why = "no date matches day-of-month '" + fields[2] + "', month '" + month + "' and day-of-week '" + dayOfWeek +
                      "' together (the scheduler fires only on dates that match all three)";
            }
            string example = DefaultExample;
            foreach (var candidate in new[]
                     {
                         new[] { fields[0], fields[1], "L", fields[3], fields[4] },
                         new[] { fields[0], fields[1], fields[2], fields[3], "*" },
                         new[] { fields[0], fields[1], "*", fields[3], fields[4] },
                         new[] { fields[0], fields[1], fields[2], "*", fields[4] },
                     })
            {
                string candidateText = string.Join(" ", candidate);
                if (IsGood(candidateText))
                {
                    example = candidateText;
                    break;
                }
            }
            string hint = example == DefaultExample ? "change the day-of-month, month or day-of-week"
                : example.Split(' ')[2] == "L" && fields[2] != "L" ? "use L for the last day of the month"
                : "drop one of the conditions";
            return "Cron expression '" + text + "' never fires: " + why + "; " + hint + ", for example \"" + example + "\".";
        }

        /// <summary>The smallest day a plain day-of-month field names (numbers, ranges, steps; nW counts as n), or 0.</summary>
        private static int FirstDayOfMonth(string field)
        {
            if (field.EndsWith("W", StringComparison.Ordinal) && !field.StartsWith("L", StringComparison.Ordinal))
                return Number(field.Substring(0, field.Length - 1), out int w) ? w : 0;
            var days = Set(field, Fields[2]);
            if (days == null || days.Count == 0) return 0;
            return days[0];
        }

        private static bool AllMonthsShorter(List<int> months, int day)
        {
            foreach (int m in months)
                if (DaysInMonth[m - 1] >= day) return false;
            return months.Count > 0;
        }

        /// <summary>The values of a plain field (no L, W, #; * and ? are every value), ascending, or null.</summary>
        private static List<int>? Set(string field, FieldSpec spec)
        {
            var values = new SortedSet<int>();
            foreach (var item in field.ToUpperInvariant().Split(','))
            {
                string range = item;
                int step = 1;
                int slash = item.IndexOf('/');
                if (slash >= 0)
                {
                    if (!Number(item.Substring(slash + 1), out step) || step < 1) return null;
                    range = item.Substring(0, slash);
                }
                int from, to;
                if (range == "*" || range == "?")
                {
                    from = spec.Min;
                    to = spec.Max;
                }
                else
                {
                    int dash = range.IndexOf('-');
                    if (dash > 0)
                    {
                        if (Value(range.Substring(0, dash), spec, out from) != null || Value(range.Substring(dash + 1), spec, out to) != null) return null;
                    }
                    else
                    {
                        if (Value(range, spec, out from) != null) return null;
                        to = slash >= 0 ? spec.Max : from;
                    }
                }
                // A range that wraps (22-2) runs to the end and on from the start.
                int count = to >= from ? to - from + 1 : spec.Max - from + 1 + to - spec.Min + 1;
                for (int i = 0; i < count; i += step)
                {
                    int v = from + i;
                    if (v > spec.Max) v -= spec.Max - spec.Min + 1;
                    values.Add(v);
                }
            }
            return new List<int>(values);
        }

        private static string Join(List<string> names)
        {
            if (names.Count == 1) return names[0];
            return string.Join(", ", names.GetRange(0, names.Count - 1)) + " and " + names[names.Count - 1];
        }
    }
}

using System.Text.RegularExpressions;
using Cronos;
using WorkflowDsl.Rules;

namespace WorkflowDsl.Tests;

/// <summary>The cron check agrees with the scheduler that runs the schedules (Cronos, five fields, as the
/// server's Hangfire jobs and the application's fire times use it): over thousands of systematically
/// generated expressions the check's own reading of the syntax accepts exactly what the scheduler parses,
/// the check accepts exactly what the scheduler parses and can fire, and every refusal's suggested fix is
/// accepted and fires.</summary>
public class CronParityTests
{
    private static readonly DateTime From = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    // Per field: plain values at and past each bound, names in each case, ranges (wrap-around too), steps,
    // lists, and the special forms in the fields that take them and in those that do not.
    private static readonly string[] Minutes = ["*", "?", "0", "59", "60", "7", "00", "005", "*/15", "*/0", "*/59", "*/60", "5/10", "10-20", "50-10", "10-20/5", "1,2,3", "1,,2", ",1", "a", "-1", "L", "W", "1#2", "1-", "*-5", "1/2/3", "5L", "?/5"];
    private static readonly string[] Hours = ["*", "?", "0", "23", "24", "08", "22-2", "8-17", "8-17/2", "*/23", "*/24", "*/0", "6,12,18", "9-12,14-17", "L", "1W", "MON", "x", "12#1"];
    private static readonly string[] DaysOfMonth = ["*", "?", "1", "31", "32", "0", "29", "30", "L", "l", "LW", "lw", "L-3", "L-30", "L-31", "L-3W", "l-0", "15W", "15w", "0W", "32W", "1W", "31W", "30W", "1-15", "25-5", "*/31", "*/32", "1,15", "1,L", "L,1", "1,15W", "15W,1", "LW,L", "L/2", "1-5W", "?/2", "W", "1-31/7", "MON"];
    private static readonly string[] Months = ["*", "?", "1", "2", "12", "0", "13", "JAN", "jan", "Feb", "feb", "JAN-MAR", "NOV-FEB", "*/3", "*/12", "*/13", "2/3", "1-DEC", "FEBRUARY", "JAN,JUL", "2,4,6,9,11", "4,6,9,11", "L", "2#1", "Jun-Aug"];
    private static readonly string[] DaysOfWeek = ["*", "?", "0", "7", "8", "MON", "mon", "Fri", "SUN-SAT", "FRI-MON", "MON-FRI", "mon-fri", "MON-FRI/2", "5L", "5l", "FRIL", "friL", "7L", "8L", "L", "MON#1", "mon#5", "1#6", "1#0", "?#1", "1,5L", "5L,1", "1#2,3", "1-5#2", "*/7", "*/8", "SUNDAY", "1-3,5", "1-3-5", "W", "15W", "6,0"];

    private static readonly string[][] FieldValues = [Minutes, Hours, DaysOfMonth, Months, DaysOfWeek];
    private static readonly string[] Base = ["0", "8", "*", "*", "*"];

    /// <summary>The generated expressions: each field's values alone, the pairs of fields that interact
    /// (minute with hour, day-of-month with month and with day-of-week, month with day-of-week), each also
    /// in lower case, field counts other than five, and the macros in three cases.</summary>
    public static IReadOnlyList<string> Expressions()
    {
        var set = new SortedSet<string>(StringComparer.Ordinal);
        for (int f = 0; f < 5; f++)
            foreach (var v in FieldValues[f]) set.Add(With((f, v)));
        foreach (var (a, b) in new[] { (0, 1), (2, 3), (2, 4), (3, 4) })
            foreach (var va in FieldValues[a])
                foreach (var vb in FieldValues[b])
                    set.Add(With((a, va), (b, vb)));
        foreach (var e in set.ToList()) set.Add(e.ToLowerInvariant());
        foreach (var e in new[] { "0 8 * *", "8 * *", "0 0 8 * * *", "0 0 8 * * MON-FRI", "0 8 * * * 2026", "0 0 8 * * * 2026", "*", "0 0 31 2 * *" }) set.Add(e);
        foreach (var macro in new[] { "@hourly", "@daily", "@midnight", "@weekly", "@monthly", "@yearly", "@annually", "@every_minute", "@every_second", "@reboot", "@sometimes", "@" })
        {
            set.Add(macro);
            set.Add(macro.ToUpperInvariant());
            if (macro.Length > 2) set.Add("@" + char.ToUpperInvariant(macro[1]) + macro[2..]);
        }
        return set.ToList();
    }

    private static string With(params (int Field, string Value)[] changes)
    {
        var fields = (string[])Base.Clone();
        foreach (var (field, value) in changes) fields[field] = value;
        return string.Join(" ", fields);
    }

    private static bool SchedulerParses(string e, out CronExpression? cron) => CronExpression.TryParse(e, CronFormat.Standard, out cron);

    [Fact]
    public void The_generated_set_is_large_and_has_both_answers()
    {
        var all = Expressions();
        Assert.True(all.Count >= 2000, $"only {all.Count} expressions");
        int parsed = all.Count(e => SchedulerParses(e, out _));
        Assert.True(parsed >= 500 && all.Count - parsed >= 500, $"{parsed} of {all.Count} parse");
        Assert.Contains(all, e => SchedulerParses(e, out var c) && c!.GetNextOccurrence(From) is null);
    }

    [Fact]
    public void The_cron_check_reads_the_syntax_as_the_scheduler_does()
    {
        var disagreements = Expressions()
            .Where(e => (CronSyntax.Explain(e) is null) != SchedulerParses(e, out _))
            .Select(e => $"'{e}': scheduler {(SchedulerParses(e, out _) ? "accepts" : "rejects")}, check says {CronSyntax.Explain(e) ?? "valid"}")
            .ToList();
        Assert.True(disagreements.Count == 0, $"{disagreements.Count} disagreements:\n" + string.Join("\n", disagreements.Take(40)));
    }

    [Fact]
    public void The_cron_check_accepts_exactly_what_the_scheduler_parses_and_can_fire()
    {
        // Accepted: the scheduler parses it, it fires, and it is not finer than a minute (@every_second).
        var disagreements = Expressions()
            .Where(e => (CronSyntax.Validate(e) is null) != (SchedulerParses(e, out var c) && c!.GetNextOccurrence(From) is not null && !e.Equals("@every_second", StringComparison.OrdinalIgnoreCase)))
            .ToList();
        Assert.True(disagreements.Count == 0, string.Join("\n", disagreements.Take(40)));
    }

    [Fact]
    public void Every_cron_refusal_suggests_a_fix_that_is_accepted_and_fires()
    {
        int refused = 0;
        foreach (var e in Expressions().Append("").Append("   "))
        {
            if (CronSyntax.Validate(e) is not { } message) continue;
            refused++;
            var examples = Regex.Matches(message, "for example \"([^\"]*)\"");
            Assert.True(examples.Count == 1, $"'{e}': {message}");
            string fix = examples[0].Groups[1].Value;
            Assert.True(CronSyntax.Validate(fix) is null, $"'{e}' suggests '{fix}', which is refused: {CronSyntax.Validate(fix)}");
            Assert.True(SchedulerParses(fix, out var cron) && cron!.GetNextOccurrence(From) is not null, $"'{e}' suggests '{fix}', which never fires");
        }
        Assert.True(refused >= 500, $"{refused} refused");
    }

    [Theory]
    [InlineData("0 0 31 2 *", "February never has day 31", "0 0 L 2 *")]
    [InlineData("0 0 30 2 *", "February never has day 30", "0 0 L 2 *")]
    [InlineData("0 0 31 FEB *", "February never has day 31", "0 0 L FEB *")]
    [InlineData("0 0 31 4,6,9,11 *", "April, June, September and November never have day 31", "0 0 L 4,6,9,11 *")]
    [InlineData("0 0 30W 2 *", "February never has day 30", "0 0 L 2 *")]
    [InlineData("0 0 1-7 * MON#2", "no date matches day-of-month '1-7', month '*' and day-of-week 'MON#2'", "0 0 1-7 * *")]
    public void A_cron_expression_that_can_never_fire_is_an_error_naming_why(string cron, string why, string fix)
    {
        string? message = CronSyntax.Validate(cron);
        Assert.NotNull(message);
        Assert.Contains("never fires: " + why, message);
        Assert.Contains($"for example \"{fix}\"", message);
    }

    [Fact]
    public void A_cron_expression_that_fires_only_in_leap_years_is_valid()
    {
        Assert.Null(CronSyntax.Validate("0 8 29 2 *"));
        // 29 February 2028 is the next one after 1 January 2026.
        Assert.Equal(new DateTime(2028, 2, 29, 8, 0, 0, DateTimeKind.Utc), CronExpression.Parse("0 8 29 2 *").GetNextOccurrence(From));
    }

    [Fact]
    public void A_cron_range_that_wraps_around_runs_to_the_end_and_on_from_the_start()
    {
        // 22-2 is 22, 23, 0, 1, 2 o'clock: the scheduler accepts it, so the check does too.
        Assert.Null(CronSyntax.Validate("0 22-2 * * *"));
        var cron = CronExpression.Parse("0 22-2 * * *");
        var times = new List<int>();
        var at = new DateTime(2026, 1, 1, 12, 0, 0, DateTimeKind.Utc);
        for (int i = 0; i < 5; i++)
        {
            at = cron.GetNextOccurrence(at)!.Value;
            times.Add(at.Hour);
        }
        Assert.Equal([22, 23, 0, 1, 2], times);
    }

    [Theory]
    [InlineData("0 0 8 * * *", "has 6 fields", "0 8 * * *")]
    [InlineData("0 25 * * *", "hour value '25' is outside 0-23", "0 23 * * *")]
    [InlineData("0 8 * * 1,5L", "cannot be part of a list", "0 8 * * 5L")]
    [InlineData("*/60 8 * * *", "step '/60' is outside 1-59", "*/59 8 * * *")]
    [InlineData("@every_second", "runs every second", "@every_minute")]
    public void A_cron_refusal_names_the_part_and_a_fix_for_that_case(string cron, string what, string fix)
    {
        string? message = CronSyntax.Validate(cron);
        Assert.NotNull(message);
        Assert.Contains(what, message);
        Assert.Contains($"for example \"{fix}\"", message);
    }
}

using WorkflowDsl.Plan;
using WorkflowDsl.Rules;

namespace WorkflowDsl.Tests;

/// <summary>The plan text the generator writes into generated code and <see cref="PrecompiledPlan"/> reads.</summary>
public class PlanEncodingTests
{
    private const string Awkward = "pipe | backslash \\ both \\| and |\\ quote \" apostrophe ' new line \n cr \r tab \t nul \0 " +
        "separator \u2028 bidi \u202e emoji \uD83D\uDE00 lone \uD800 ä € = - 1 0";

    private static PlanShape Shape(string text, string? owner, bool targetGroup, string? cron, string? timeZone, params StepShape[] steps) =>
        new(text + "-id", text, text + " description", [text, "", "|", "\\"], [], owner, targetGroup, steps, cron, timeZone);

    private static StepShape Message(string key, int recipient, int channels, string template) =>
        StepShape.Message("plan", key, (Recipient)recipient, (Channel)channels, template);

    private static StepShape Delay(string key, long ticks) => StepShape.Delay("plan", key, ticks);

    private static StepShape Repeat(string key, long ticks, int times) => StepShape.DelayAndRepeat("plan", key, ticks, times);

    private static void AssertSame(PlanShape expected, PlanShape actual)
    {
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.Name, actual.Name);
        Assert.Equal(expected.Description, actual.Description);
        Assert.Equal(expected.Contents, actual.Contents);
        Assert.Equal(expected.Labels, actual.Labels);
        Assert.Equal(expected.Owner, actual.Owner);
        Assert.Equal(expected.HasTargetGroup, actual.HasTargetGroup);
        Assert.Equal(expected.Cron, actual.Cron);
        Assert.Equal(expected.TimeZone, actual.TimeZone);
        Assert.Equal(expected.Steps.Count, actual.Steps.Count);
        for (int i = 0; i < expected.Steps.Count; i++)
        {
            var (e, a) = (expected.Steps[i], actual.Steps[i]);
            Assert.Equal((e.Kind, e.ExplicitKey, e.Recipient, e.Channels, e.TemplateId, e.DurationTicks, e.Times),
                (a.Kind, a.ExplicitKey, a.Recipient, a.Channels, a.TemplateId, a.DurationTicks, a.Times));
        }
    }

    public static TheoryData<string> AwkwardTexts() => new() { "", "plain", "|", "\\", "\\|", "||", "-", "=", "=x", "0", Awkward, new string('|', 200) };

    [Theory]
    [MemberData(nameof(AwkwardTexts))]
    public void Awkward_values_in_every_text_field_round_trip(string text)
    {
        var shape = Shape(text, owner: text, targetGroup: true, cron: text, timeZone: text,
            Message(text, 1, 7, text), Delay(text, 1), Repeat(text, 2, 3));

        string encoded = PlanEncoding.Encode(shape);

        Assert.Equal(PlanEncoding.Version, encoded[0]);
        AssertSame(shape, PlanEncoding.Decode(encoded));
    }

    [Fact]
    public void Empty_lists_no_owner_no_schedule_and_no_target_group_round_trip()
    {
        var shape = new PlanShape("a", "", "", [], [], null, false, [], null, null);

        string encoded = PlanEncoding.Encode(shape);

        Assert.Equal("1|a|||-|0|-|0|0|0", encoded);
        AssertSame(shape, PlanEncoding.Decode(encoded));
    }

    [Fact]
    public void Empty_owner_and_empty_schedule_values_differ_from_none()
    {
        var shape = new PlanShape("a", "n", "", ["C"], ["l"], "", false, [], "", null);

        var decoded = PlanEncoding.Decode(PlanEncoding.Encode(shape));

        Assert.Equal("", decoded.Owner);
        Assert.Equal("", decoded.Cron);
        Assert.Equal("", decoded.TimeZone);
    }

    [Fact]
    public void Every_step_kind_and_extreme_numbers_round_trip()
    {
        var shape = Shape("steps", "owner", false, "0 8 * * MON-FRI", "Europe/Helsinki",
            Message("invite", 0, 1, "invitation"),
            Message("remind-manager", 1, 2, "manager-notification"),
            Message("notify-hr-partner", 2, 4, "digest"),
            Message("odd", int.MinValue, int.MaxValue, ""),
            Delay("wait-7d", TimeSpan.FromDays(7).Ticks),
            Delay("negative", long.MinValue),
            Repeat("repeat-7d-x2", TimeSpan.FromDays(7).Ticks, 2),
            Repeat("extreme", long.MaxValue, -3));

        AssertSame(shape, PlanEncoding.Decode(PlanEncoding.Encode(shape)));
    }

    [Fact]
    public void The_format_is_the_documented_one()
    {
        var shape = new PlanShape("hello", "Hello", "Says hello", ["C-1"], [], null, false, [Message("invite", 0, 1, "invitation")], null, null);

        Assert.Equal("1|hello|Hello|Says hello|-|0|-|1|C-1|0|1|0|invite|0|1|invitation", PlanEncoding.Encode(shape));
        Assert.Equal("1|x|a\\|b\\\\c||=o|1|=* * * * *|UTC|0|0|1|1|wait|60", PlanEncoding.Encode(
            new PlanShape("x", "a|b\\c", "", [], [], "o", true, [Delay("wait", 60)], "* * * * *", "UTC")));
    }

    [Theory]
    [InlineData("2|x|n|d|-|0|-|0|0|0", "'2'")]
    [InlineData("0", "'0'")]
    [InlineData("{\"id\":\"x\"}", "'{'")]
    public void Unknown_version_names_the_version_and_says_to_rebuild(string text, string version)
    {
        var error = Assert.Throws<InvalidOperationException>(() => PlanEncoding.Decode(text));

        Assert.Contains("format version " + version, error.Message);
        Assert.Contains("format version '1'", error.Message);
        Assert.Contains("Rebuild the project with the WorkflowDsl version it references", error.Message);
    }

    [Theory]
    [InlineData(null, "the text is empty")]
    [InlineData("", "the text is empty")]
    [InlineData("1", "it ends before the id (field 1)")]
    [InlineData("1x", "'|' expected before the id")]
    [InlineData("1|flow|n|d|-|0|-|0|0", "workflow 'flow' is malformed: it ends before the number of steps")]
    [InlineData("1|flow|n|d|-|0|-|0|0|0|extra", "it goes on after the last step")]
    [InlineData("1|flow|n|d|owner|0|-|0|0|0", "the owner (field 4) is 'owner', not '-' (none) or '=' and a value")]
    [InlineData("1|flow|n|d|-|yes|-|0|0|0", "the target group flag (field 5) is 'yes', not 0 or 1")]
    [InlineData("1|flow|n|d|-|0|-|two|0|0", "the number of contents (field 7) is 'two', not a number")]
    [InlineData("1|flow|n|d|-|0|-|-1|0|0", "the number of contents (field 7) is -1")]
    [InlineData("1|flow|n|d|-|0|-|99999|0|0", "the number of contents (field 7) is 99999, which the text cannot hold")]
    [InlineData("1|flow|n|d|-|0|-|0|0|C", "the number of steps (field 9) is 'C', not a number")]
    [InlineData("1|flow|n|d|-|0|-|0|0|1|7|k", "step 1's kind is 7")]
    [InlineData("1|flow|n|d|-|0|-|0|0|1|1|wait|7d", "the step 1's duration (field 12) is '7d', not a number")]
    [InlineData("1|flow|n|d|-|0|-|0|0|1|0|invite|0|1", "it ends before the step 1's template id")]
    [InlineData("1|flow|n\\x|d|-|0|-|0|0|0", "the name (field 2) has a '\\' that escapes neither '|' nor '\\'")]
    [InlineData("1|flow|n|d|-|0|-|0|0|0\\", "escapes neither")]
    public void Malformed_text_names_the_problem_and_says_to_rebuild(string? text, string problem)
    {
        var error = Assert.Throws<InvalidOperationException>(() => PlanEncoding.Decode(text));

        Assert.Contains(problem, error.Message);
        Assert.Contains("malformed", error.Message);
        Assert.Contains("Rebuild the project with the WorkflowDsl version it references", error.Message);
    }

    [Fact]
    public void Decoded_plan_equals_the_run_time_builders_plan_and_takes_the_target_group_from_Define()
    {
        static WorkflowDefinition Define() =>
            Workflow.Named("Security | awareness")
                .Invite(Channel.Email | Channel.Push)
                .WaitAndRepeat(7.Days(), times: 3)
                .Remind(Channel.Email, key: "nudge")
                .RemindManager(Channel.Email)
                .Describe("Line one\nline \"two\"")
                .ForContents("SEC-101", "SEC-102")
                .Labels("it", "emea")
                .OwnedBy("admin")
                .TargetGroup(t => t.Assignees(Assignment.Mandatory).InCountry("FI").Where(u => u.Department == "IT"))
                .Schedule("0 8 * * MON-FRI", "Europe/Helsinki");
        var expected = Define().Build("security-awareness");
        int calls = 0;

        var plan = PrecompiledPlan.Decode(Encode(expected, hasTargetGroup: true), () => { calls++; return Define(); });

        Assert.Equal(expected, plan);
        Assert.Equal(expected.TargetGroup, plan.TargetGroup);
        Assert.Equal(["country in (FI)", "u => u.Department == \"IT\""], plan.TargetGroup.Filters.Select(f => f.Description));
        Assert.Equal(1, calls);
    }

    [Fact]
    public void Without_a_target_group_the_default_is_used_and_Define_is_not_needed()
    {
        var expected = Workflow.Invitation("Hello", Channel.Sms).ForContents("C-1").Build("hello");

        var plan = PrecompiledPlan.Decode(Encode(expected, hasTargetGroup: false), null);

        Assert.Equal(expected, plan);
        Assert.Same(TargetGroupPlan.Default, plan.TargetGroup);
        Assert.Null(plan.Schedule);
        Assert.Null(plan.Owner);
    }

    [Fact]
    public void A_target_group_without_Define_is_an_error_naming_the_workflow()
    {
        var text = Encode(Workflow.Invitation("Hello", Channel.Sms).ForContents("C-1").Build("hello"), hasTargetGroup: true);

        var error = Assert.Throws<InvalidOperationException>(() => PrecompiledPlan.Decode(text, null));

        Assert.Contains("workflow 'hello' has a target group", error.Message);
    }

    [Fact]
    public void ConfiguredTargetGroup_is_the_default_until_TargetGroup_is_called()
    {
        var definition = Workflow.Invitation("Hello", Channel.Sms);

        Assert.Same(TargetGroupPlan.Default, definition.ConfiguredTargetGroup);
        Assert.Equal(Assignment.Optional, definition.TargetGroup(t => t.Assignees(Assignment.Optional)).ConfiguredTargetGroup.Assignees);
    }

    private static string Encode(WorkflowPlan plan, bool hasTargetGroup) => PlanEncoding.Encode(new PlanShape(
        plan.Id, plan.Name, plan.Description, plan.Contents, plan.Labels, plan.Owner, hasTargetGroup,
        plan.Steps.Select(s => s switch
        {
            MessageStep m => Message(m.Key, (int)m.Recipient, (int)m.Channels, m.TemplateId),
            DelayStep d => Delay(d.Key, d.Duration.Ticks),
            DelayAndRepeatStep r => Repeat(r.Key, r.Duration.Ticks, r.Times),
            _ => throw new ArgumentException(s.ToString()),
        }).ToList(),
        plan.Schedule?.Cron, plan.Schedule?.TimeZone));

    [Fact]
    public void Packed_rows_round_trip_with_null_empty_and_awkward_rows()
    {
        string?[] rows = [Awkward, null, "", "-", "12:", "1|x|y", null, new string('9', 1000), "\u0000"];

        string packed = PlanEncoding.PackRows(rows);

        Assert.Equal(rows, PlanEncoding.UnpackRows(packed, rows.Length));
        Assert.Equal(rows, PlanEncoding.UnpackRows(packed));
        // The generator writes the pieces into its literal one by one: together they are the packed string.
        Assert.Equal(packed, string.Concat(PlanEncoding.PackedPieces(rows)));
        Assert.Equal("", PlanEncoding.PackRows([]));
        Assert.Empty(PlanEncoding.UnpackRows("", 0));
    }

    [Theory]
    [InlineData("", 1)]              // fewer rows than classes
    [InlineData("-", 2)]
    [InlineData("--", 1)]            // more rows than classes
    [InlineData("5:abc", 1)]         // cut short
    [InlineData("abc", 1)]           // no length
    [InlineData("3abc", 1)]          // no ':'
    [InlineData("9999999999:x", 1)]  // an absurd length
    public void Malformed_packed_rows_say_so_and_to_rebuild(string packed, int count)
    {
        var error = Assert.Throws<InvalidOperationException>(() => PlanEncoding.UnpackRows(packed, count));

        Assert.Contains("plan-table string", error.Message);
        Assert.Contains("Rebuild the project", error.Message);
    }
}

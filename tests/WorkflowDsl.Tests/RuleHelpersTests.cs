using WorkflowDsl.Rules;

namespace WorkflowDsl.Tests;

public class SmsSegmentsTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(160, 1)]
    [InlineData(161, 2)]
    [InlineData(306, 2)]
    [InlineData(307, 3)]
    public void Gsm7_fits_160_alone_and_153_per_part(int length, int segments) =>
        Assert.Equal(segments, SmsSegments.Count(new string('a', length)));

    [Fact]
    public void Extension_characters_cost_two_septets()
    {
        Assert.Equal(1, SmsSegments.Count(new string('€', 80)));
        Assert.Equal(2, SmsSegments.Count(new string('€', 81)));
        Assert.Equal(162, SmsSegments.Measure(new string('[', 81)).Units);
    }

    [Fact]
    public void An_escape_pair_is_never_split_across_segments()
    {
        // 152 plain septets then '€' (2 septets) would straddle 153: the pair moves to part two.
        var text = new string('a', 152) + "€" + new string('a', 150);
        Assert.Equal(2, SmsSegments.Count(text));
        Assert.Equal(3, SmsSegments.Count(new string('a', 152) + "€" + new string('a', 153)));
    }

    [Fact]
    public void Any_non_gsm_character_switches_to_ucs2()
    {
        Assert.False(SmsSegments.Measure("Hyvää päivää").Unicode);
        var measure = SmsSegments.Measure("Hello 😀");
        Assert.True(measure.Unicode);
        Assert.Equal(1, measure.Segments);
        Assert.Equal(1, SmsSegments.Count(new string('ж', 70)));
        Assert.Equal(2, SmsSegments.Count(new string('ж', 71)));
        Assert.Equal(3, SmsSegments.Count(new string('ж', 135)));
    }

    [Fact]
    public void A_surrogate_pair_is_never_split_across_segments()
    {
        // 66 units then an emoji (2 units) would straddle 67.
        Assert.Equal(2, SmsSegments.Count(new string('ж', 66) + "😀" + new string('ж', 60)));
        Assert.Equal(3, SmsSegments.Count(new string('ж', 66) + "😀" + new string('ж', 66)));
    }
}

public class CronSyntaxTests
{
    [Theory]
    [InlineData("0 8 * * MON-FRI")]
    [InlineData("*/15 * * * *")]
    [InlineData("0 0 1,15 * ?")]
    [InlineData("30 7 L * *")]
    [InlineData("0 9 * JAN-MAR MON#1")]
    [InlineData("0 9 * * 5L")]
    [InlineData("@daily")]
    [InlineData("@Weekly")]
    public void Valid_expressions_pass(string cron) => Assert.Null(CronSyntax.Validate(cron));

    [Theory]
    [InlineData("", "empty")]
    [InlineData("0 8 * *", "4 fields")]
    [InlineData("0 24 * * *", "hour")]
    [InlineData("60 * * * *", "minute")]
    [InlineData("0 0 32 * *", "day-of-month")]
    [InlineData("0 0 * 13 *", "month")]
    [InlineData("0 0 * * FUNDAY", "day-of-week")]
    [InlineData("0 0 * * */0", "day-of-week")]
    [InlineData("@sometimes", "unknown")]
    public void Invalid_expressions_say_which_part_is_wrong(string cron, string mentioned) =>
        Assert.Contains(mentioned, CronSyntax.Validate(cron));

    [Theory]
    [InlineData("Europe/Helsinki", true)]
    [InlineData("UTC", true)]
    [InlineData("America/Argentina/Buenos_Aires", true)]
    [InlineData("Asia/Calcutta", true)]
    [InlineData("europe/helsinki", false)]
    [InlineData("FLE Standard Time", false)]
    public void Time_zones_are_iana_ids(string id, bool known) => Assert.Equal(known, IanaTimeZones.IsKnown(id));
}

public class TemplateSyntaxTests
{
    [Fact]
    public void Known_placeholders_pass() =>
        Assert.Empty(TemplateSyntax.FindUnknownPlaceholders(
            "Hi {{ user.first_name | capitalize }}, {{ content.title }} by {{ due_date }}. {% for c in contents %}{{ c.link }}{{ forloop.index }}{% endfor %}" +
            "{% if users.size > 0 %}{% for u in users %}{{ u.name }}{% for c in u.contents %}{{ c.title }}{% endfor %}{% endfor %}{% endif %}{{ 'x' | upcase }}"));

    [Fact]
    public void An_unknown_variable_is_reported_with_its_offset()
    {
        const string text = "Hi {{ user.nmae }}!";
        var problem = Assert.Single(TemplateSyntax.FindUnknownPlaceholders(text));
        Assert.Equal("user.nmae", problem.Path);
        Assert.Equal(text.IndexOf("user.nmae"), problem.Offset);
        Assert.Contains("first_name", problem.Message);
    }

    [Fact]
    public void An_unknown_root_lists_the_known_variables()
    {
        var problem = Assert.Single(TemplateSyntax.FindUnknownPlaceholders("{{ trainee.name }}"));
        Assert.Contains("'trainee' is unknown", problem.Message);
    }

    [Fact]
    public void Loop_variables_are_scoped_to_their_loop() =>
        Assert.Equal("c.title", Assert.Single(TemplateSyntax.FindUnknownPlaceholders("{% for c in contents %}{{ c.title }}{% endfor %}{{ c.title }}")).Path);

    [Fact]
    public void Raw_and_comment_blocks_are_not_checked() =>
        Assert.Empty(TemplateSyntax.FindUnknownPlaceholders("{% raw %}{{ nope }}{% endraw %}{% comment %}{{ nope }}{% endcomment %}"));

    [Fact]
    public void The_digest_list_is_detected()
    {
        Assert.True(TemplateSyntax.ReferencesDigestList("{% for u in users %}{{ u.name }}{% endfor %}"));
        Assert.True(TemplateSyntax.ReferencesDigestList("{{ users.size }} people"));
        Assert.False(TemplateSyntax.ReferencesDigestList("Hello {{ user.first_name }}"));
    }

    [Fact]
    public void Sample_rendering_replaces_placeholders_with_typical_lengths() =>
        Assert.Equal("Hi xxxxxxxxxx, !", TemplateSyntax.SampleRender("Hi {{ user.first_name }}, {% if x %}!"));
}

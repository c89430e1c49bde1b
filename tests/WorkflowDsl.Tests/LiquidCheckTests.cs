using WorkflowDsl.Rules;
using WorkflowDsl.Templates;

namespace WorkflowDsl.Tests;

/// <summary>The shared template check (compile time, run validation, renderer).</summary>
public class LiquidCheckTests
{
    private static IEnumerable<string> AllTexts(MessageTemplate t) => t.Variants.SelectMany(v => new[]
        { v.Content.EmailSubject, v.Content.EmailBody, v.Content.PushTitle, v.Content.PushBody, v.Content.SmsText }).OfType<string>();

    [Theory]
    [InlineData("invitation", TemplateAudience.User, TemplateAudience.Digest)]
    [InlineData("reminder", TemplateAudience.User, TemplateAudience.Digest)]
    [InlineData("manager-notification", TemplateAudience.Digest, TemplateAudience.User)]
    public void The_analyzers_table_of_built_in_template_audiences_matches_their_texts(string id, TemplateAudience writtenFor, TemplateAudience notFor)
    {
        var template = BuiltInTemplates.All.Single(t => t.Id == id);

        Assert.All(AllTexts(template), text => Assert.Empty(LiquidCheck.Check(text, writtenFor)));
        Assert.Contains(AllTexts(template), text => LiquidCheck.Check(text, notFor).Count > 0);
    }

    [Theory]
    [InlineData("{% for u in users %}{% if forloop.first %}{{ u.name }}{% else %}, {{ u.name }}{% endif %}{% endfor %}")]
    [InlineData("{% case content.id %}{% when 'A' %}a{% else %}b{% endcase %}")]
    [InlineData("{% raw %}{{ not checked }}{% endraw %}{% comment %}{% if %}{% endcomment %}")]
    [InlineData("{{ content.title | truncate: 20, '...' | upcase }}{% assign t = content.title | downcase %}{{ t }}")]
    [InlineData("{% for c in contents %}{% if c.due_date %}{% break %}{% endif %}{% endfor %}")]
    public void Valid_liquid_has_no_errors(string text) => Assert.Empty(LiquidCheck.Check(text, TemplateAudience.Any));

    [Theory]
    [InlineData("{{ content.title", 1, 1, TemplateErrorKind.Syntax)]
    [InlineData("ab\n  {% endif %}", 2, 3, TemplateErrorKind.Syntax)]
    [InlineData("{% for c in contents %}{% endif %}", 1, 24, TemplateErrorKind.Syntax)]
    [InlineData("x {% frobnicate %}", 1, 6, TemplateErrorKind.Syntax)]
    [InlineData("{{ content.title | upcse }}", 1, 20, TemplateErrorKind.UnknownFilter)]
    [InlineData("{% render 'x' %}", 1, 1, TemplateErrorKind.FileInclude)]
    [InlineData("{% break %}", 1, 1, TemplateErrorKind.Syntax)]
    public void Each_error_has_its_kind_and_line_column(string text, int line, int column, TemplateErrorKind kind)
    {
        var error = Assert.Single(LiquidCheck.Check(text, TemplateAudience.Any));

        Assert.Equal((kind, line, column), (error.Kind, error.Line, error.Column));
    }

    [Fact]
    public void Blocks_nested_deeper_than_the_limit_are_refused_at_the_first_block_over_it()
    {
        // 4 nested ifs with a limit of 3: the fourth opens at offset 3 * 11 = 33 -> 1:34.
        string text = string.Concat(Enumerable.Repeat("{% if 1 %} ", 4)) + string.Concat(Enumerable.Repeat("{% endif %}", 4));

        var error = Assert.Single(LiquidCheck.Check(text, TemplateAudience.Any, maxDepth: 3));

        Assert.Equal((TemplateErrorKind.TooDeep, 1, 34), (error.Kind, error.Line, error.Column));
    }
}

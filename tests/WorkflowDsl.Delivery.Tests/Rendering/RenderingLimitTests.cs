using Fluid;
using WorkflowDsl.Delivery.Rendering;
using WorkflowDsl.Rules;
using WorkflowDsl.Templates;

namespace WorkflowDsl.Delivery.Tests.Rendering;

public class RenderingLimitTests
{
    [Fact]
    public void The_checks_filter_list_is_exactly_the_renderers_filters()
    {
        var fluid = ((IEnumerable<KeyValuePair<string, FilterDelegate>>)new TemplateOptions().Filters).Select(f => f.Key).Order(StringComparer.Ordinal);

        Assert.Equal(fluid, LiquidCheck.Filters.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_text_nested_thousands_deep_is_refused_before_parsing_instead_of_overflowing_the_stack()
    {
        // 5,000 nested ifs overflow the Liquid parser's stack (which stops the process); the check refuses them first.
        string text = string.Concat(Enumerable.Repeat("{% if true %}", 5000)) + string.Concat(Enumerable.Repeat("{% endif %}", 5000));
        var template = Template.Language("en", c => c.Sms(text)).Build("deep");

        var problem = Assert.Single(new TemplateRenderer().Validate(template));

        Assert.Equal("WFDLV006: template 'deep' (en, SMS text): line 1:417: Blocks are nested 33 deep here, more than the 32 allowed: flatten the template.", problem.ToString());
    }
}

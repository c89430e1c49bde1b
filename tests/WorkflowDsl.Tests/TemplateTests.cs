using WorkflowDsl.Rules;
using WorkflowDsl.Templates;

namespace WorkflowDsl.Tests;

public class TemplateTests
{
    public static TheoryData<string> BuiltInIds => new(BuiltInTemplates.All.Select(t => t.Id));

    [Theory]
    [MemberData(nameof(BuiltInIds))]
    public void Built_in_templates_use_only_known_placeholders_in_every_language(string id)
    {
        var template = BuiltInTemplates.All.Single(t => t.Id == id);
        foreach (var variant in template.Variants)
        {
            var c = variant.Content;
            foreach (var text in new[] { c.EmailSubject, c.EmailBody, c.PushTitle, c.PushBody, c.SmsText })
            {
                Assert.NotNull(text);
                Assert.Empty(TemplateSyntax.FindUnknownPlaceholders(text));
            }
        }
    }

    [Fact]
    public void Built_in_templates_exist_in_english_and_finnish_with_english_fallback()
    {
        foreach (var template in BuiltInTemplates.All)
        {
            Assert.Equal(["en", "fi"], template.Variants.Select(v => v.Language));
            Assert.Equal("en", template.FallbackLanguage);
        }
    }

    [Fact]
    public void Only_the_manager_notification_lists_the_digest_users()
    {
        Assert.True(TemplateSyntax.ReferencesDigestList(BuiltInTemplates.ManagerNotification.Variants[0].Content.EmailBody!));
        Assert.False(TemplateSyntax.ReferencesDigestList(BuiltInTemplates.Reminder.Variants[0].Content.EmailBody!));
    }

    [Theory]
    [InlineData("fi-FI", "fi")]
    [InlineData("FI", "fi")]
    [InlineData("en-GB", "en")]
    [InlineData("de-DE", "en")]
    [InlineData(null, "en")]
    public void The_variant_follows_the_locale_then_the_language_then_the_fallback(string? locale, string expected) =>
        Assert.Equal(expected, BuiltInTemplates.Invitation.VariantFor(locale).Language);

    [Fact]
    public void Fallback_can_be_set_explicitly()
    {
        var template = Template.Language("sv", c => c.Sms("Hej")).Language("en", c => c.Sms("Hi")).FallbackTo("en").Build("greeting");
        Assert.Equal("Hi", template.VariantFor("de").Content.SmsText);
    }

    [Fact]
    public void A_fallback_language_without_a_variant_is_refused()
    {
        var error = Assert.Throws<WorkflowDefinitionException>(() => Template.Language("sv", c => c.Sms("Hej")).FallbackTo("en").Build("greeting"));
        Assert.Contains("'en'", error.Message);
    }

    [Fact]
    public void Template_ids_are_kebab_case() =>
        Assert.Throws<WorkflowDefinitionException>(() => Template.Language("en", c => c.Sms("Hi")).Build("Greeting"));

    [Fact]
    public void Content_knows_which_channels_it_supports()
    {
        var content = new TemplateContent().Email("s", "b").Sms("t");
        Assert.True(content.Supports(Channel.Email));
        Assert.True(content.Supports(Channel.Sms));
        Assert.False(content.Supports(Channel.Push));
    }
}

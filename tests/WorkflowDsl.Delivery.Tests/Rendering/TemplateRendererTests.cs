using WorkflowDsl.Delivery.Rendering;
using WorkflowDsl.Templates;

namespace WorkflowDsl.Delivery.Tests.Rendering;

public class TemplateRendererTests
{
    private readonly TemplateRenderer _renderer = new();

    public static TheoryData<string, string> BuiltInTemplatesAndLanguages()
    {
        var data = new TheoryData<string, string>();
        foreach (var t in BuiltInTemplates.All)
            foreach (var v in t.Variants) data.Add(t.Id, v.Language);
        return data;
    }

    [Theory]
    [MemberData(nameof(BuiltInTemplatesAndLanguages))]
    public void Every_built_in_template_renders_every_channel_in_every_language(string templateId, string language)
    {
        var template = BuiltInTemplates.All.Single(t => t.Id == templateId);
        var model = templateId == BuiltInTemplates.ManagerNotificationId ? SampleData.ForManager(language) : SampleData.ForUser(language);

        Assert.Empty(_renderer.Validate(template));
        var email = _renderer.RenderEmail(template, model);
        var push = _renderer.RenderPush(template, model);
        var sms = _renderer.RenderSms(template, model);

        Assert.Equal(language, email.Language);
        Assert.Equal(language, sms.Language);
        foreach (string text in new[] { email.Subject, email.HtmlBody, email.TextBody, push.Title, push.Body, sms.Text })
        {
            Assert.False(string.IsNullOrWhiteSpace(text));
            Assert.DoesNotContain("{{", text);
            Assert.DoesNotContain("{%", text);
        }
        Assert.DoesNotContain('\n', email.Subject);
        Assert.Contains("Security awareness", email.Subject);
        Assert.InRange(sms.Measure.Segments, 1, 3);
        if (templateId == BuiltInTemplates.ManagerNotificationId)
        {
            Assert.Contains("2 ", email.Subject);
            Assert.Contains("Aino Virtanen", email.HtmlBody);
            Assert.Contains("Bob &lt;script&gt; Smith", email.HtmlBody);
            Assert.Contains("Bob <script> Smith", email.TextBody);
            Assert.Contains("2026-12-31", email.HtmlBody);
        }
        else
        {
            Assert.Contains("Aino", email.HtmlBody);
            Assert.Contains("href=\"https://learn.example.com/c/SEC-101\"", email.HtmlBody);
            Assert.Contains("Privacy 101 (https://learn.example.com/c/SEC-102)", email.TextBody);
            Assert.Contains("https://learn.example.com/c/SEC-101", sms.Text);
            Assert.Contains("2026-12-31", email.HtmlBody);
        }
    }

    [Fact]
    public void A_digest_lists_each_user_with_the_step_and_repeat_they_reached()
    {
        // One digest per recipient and run lists users of several digest steps (docs/product-rules.md
        // R-MSG-3): users[].step is the step key reached, users[].repeat 0 or the repeat number.
        var template = Template.Language("en", c => c.Sms("{% for u in users %}{{ u.name }}:{{ u.step }}#{{ u.repeat }};{% endfor %}")).Build("digest-steps");
        var model = SampleData.ForManager("en") with
        {
            Users =
            [
                new DigestUserModel("Aino", "Virtanen", null, null, []) { Step = "remind-manager", Repeat = 0 },
                new DigestUserModel("Bob", "Smith", null, null, []) { Step = "repeat-7d-x2", Repeat = 2 },
            ],
        };

        Assert.Equal("Aino Virtanen:remind-manager#0;Bob Smith:repeat-7d-x2#2;", _renderer.RenderSms(template, model).Text);
    }

    [Fact]
    public void A_locale_without_a_variant_falls_back_to_english_and_a_regional_locale_finds_its_language()
    {
        Assert.Equal("en", _renderer.RenderSms(BuiltInTemplates.Invitation, SampleData.ForUser("sv-SE")).Language);
        Assert.Equal("fi", _renderer.RenderSms(BuiltInTemplates.Invitation, SampleData.ForUser("fi-FI")).Language);
        Assert.StartsWith("Hei Aino", _renderer.RenderSms(BuiltInTemplates.Invitation, SampleData.ForUser("fi-FI")).Text);
    }

    [Fact]
    public void Values_in_the_email_body_are_html_encoded()
    {
        var email = _renderer.RenderEmail(BuiltInTemplates.Invitation, SampleData.ForUser(firstName: "<img src=x onerror=alert(1)>"));

        Assert.DoesNotContain("<img", email.HtmlBody);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", email.HtmlBody);
        Assert.Contains("Security awareness &lt;basics&gt; &amp; phishing", email.HtmlBody);
        Assert.Contains("Hello <img src=x onerror=alert(1)>,", email.TextBody);
    }

    [Fact]
    public void The_texts_of_one_message_share_its_values_but_not_what_one_text_assigns()
    {
        // Subject and body are rendered from one set of values (built once per message); each text
        // renders in its own scope, so an assign in the subject does not change the body's values.
        var template = Template.Language("en", c => c.Email("{% assign recipient = 'nobody' %}Hi {{ user.first_name }}", "<p>{{ recipient.first_name }}</p>")).Build("scoped");
        var email = _renderer.RenderEmail(template, SampleData.ForUser(firstName: "Aino"));

        Assert.Equal("Hi Aino", email.Subject);
        Assert.Contains("<p>Aino</p>", email.HtmlBody);
    }

    [Fact]
    public void A_subject_cannot_carry_a_header_injection()
    {
        var template = Template.Language("en", c => c.Email("Hi {{ user.first_name }}", "<p>x</p>")).Build("custom");
        var email = _renderer.RenderEmail(template, SampleData.ForUser(firstName: "Eve\r\nBcc: victim@example.com"));

        Assert.Equal("Hi Eve Bcc: victim@example.com", email.Subject);
    }

    [Fact]
    public void An_unknown_member_is_an_error_naming_template_language_text_and_variable()
    {
        var template = Template.Language("en", c => c.Sms("Hi {{ user.first_nmae }}")).Language("fi", c => c.Sms("Hei")).Build("typo");

        var problems = _renderer.Validate(template);
        var problem = Assert.Single(problems);
        Assert.Equal(TemplateProblemIds.UnknownVariable, problem.Id);
        Assert.Equal(("typo", "en", "SMS text", "user.first_nmae"), (problem.TemplateId, problem.Language, problem.Text, problem.Variable));

        var e = Assert.Throws<TemplateRenderException>(() => _renderer.RenderSms(template, SampleData.ForUser()));
        Assert.Contains("'typo'", e.Message);
        Assert.Contains("SMS text", e.Message);
        Assert.Contains("user.first_nmae", e.Message);
    }

    [Fact]
    public void An_unknown_variable_and_an_unknown_filter_are_errors()
    {
        var unknown = Template.Language("en", c => c.Sms("Hi {{ nobody }}")).Build("unknown");
        var filter = Template.Language("en", c => c.Sms("Hi {{ user.first_name | shout }}")).Build("filter");

        Assert.Equal("nobody", Assert.Throws<TemplateRenderException>(() => _renderer.RenderSms(unknown, SampleData.ForUser())).Problem.Variable);
        Assert.Equal(TemplateProblemIds.Syntax, Assert.Throws<TemplateRenderException>(() => _renderer.RenderSms(filter, SampleData.ForUser())).Problem.Id);
    }

    [Fact]
    public void Printing_a_variable_without_a_value_is_an_error_but_testing_it_is_fine()
    {
        var guarded = Template.Language("en", c => c.Sms("Do it{% if due_date %} by {{ due_date }}{% endif %}.")).Build("guarded");
        var bare = Template.Language("en", c => c.Sms("Do it by {{ due_date }}.")).Build("bare");
        var model = SampleData.ForUser() with { DueDate = null };

        Assert.Equal("Do it.", _renderer.RenderSms(guarded, model).Text);
        var e = Assert.Throws<TemplateRenderException>(() => _renderer.RenderSms(bare, model));
        Assert.Equal(TemplateProblemIds.NoValue, e.Problem.Id);
        Assert.Equal("due_date", e.Problem.Variable);
    }

    [Fact]
    public void The_user_of_a_digest_is_not_set()
    {
        var template = Template.Language("en", c => c.Sms("Hi {{ user.first_name }}, {{ users.size }} people")).Build("digest-typo");

        var e = Assert.Throws<TemplateRenderException>(() => _renderer.RenderSms(template, SampleData.ForManager()));
        Assert.Equal("user.first_name", e.Problem.Variable);
    }

    [Fact]
    public void A_channel_missing_in_the_language_uses_the_fallback_language_texts()
    {
        var template = Template.Language("en", c => c.Sms("Hello").Push("T", "B")).Language("fi", c => c.Sms("Hei")).Build("partial");

        Assert.Equal("en", _renderer.RenderPush(template, SampleData.ForUser("fi")).Language);
        var e = Assert.Throws<TemplateRenderException>(() => _renderer.RenderEmail(template, SampleData.ForUser("fi")));
        Assert.Equal(TemplateProblemIds.MissingText, e.Problem.Id);
    }

    [Fact]
    public void Sms_text_is_measured_in_segments()
    {
        var template = Template.Language("en", c => c.Sms("{{ user.first_name }} 😀")).Build("emoji");

        var sms = _renderer.RenderSms(template, SampleData.ForUser());

        Assert.True(sms.Measure.Unicode);
        Assert.Equal(1, sms.Measure.Segments);
    }

    [Fact]
    public void Html_becomes_readable_plain_text()
    {
        string text = HtmlText.ToPlainText("<p>Hello &amp; welcome,</p><ul><li><a href=\"https://x.test/a\">Course A</a></li><li>B</li></ul><p>Bye<br>Team</p><img src=\"https://x.test/p.gif\">");

        Assert.Equal("Hello & welcome,\n\n- Course A (https://x.test/a)\n- B\n\nBye\nTeam", text);
    }
}

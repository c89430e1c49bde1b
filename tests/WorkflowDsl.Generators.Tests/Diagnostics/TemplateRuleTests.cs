using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using static WorkflowDsl.Generators.Tests.Infrastructure.AnalyzerTestSetup;
using static WorkflowDsl.Generators.Tests.Infrastructure.WorkflowSources;

namespace WorkflowDsl.Generators.Tests.Diagnostics;

/// <summary>[MessageTemplate] methods, and message steps checked against the templates of the compilation.</summary>
public class TemplateRuleTests
{
    private static readonly string LongSms = "\"" + string.Concat(Enumerable.Repeat("Please complete the training. ", 16)) + "\"";

    [Fact]
    public Task A_valid_template_reports_nothing() =>
        VerifyAnalyzerAsync(Template("""Template.Language("en", c => c.Email("Hi {{ user.first_name }}", "<p>{{ content.title }}</p>").Push("t", "b").Sms("{{ content.link }}")).Language("fi", c => c.Sms("Hei")).FallbackTo("fi")"""));

    [Fact]
    public Task WFDSL012_template_text_that_is_not_constant_is_reported_at_the_argument() =>
        VerifyAnalyzerAsync(Template("""Template.Language("en", c => c.Sms({|WFDSL012:Text|}))""").Replace("{\n", "{\n    private static string Text = \"x\";\n"));

    [Fact]
    public Task WFDSL013_SMS_longer_than_three_segments_by_default_is_a_warning_at_the_text() =>
        VerifyAnalyzerAsync(Template($$"""Template.Language("en", c => c.Sms({|WFDSL013:{{LongSms}}|}))"""));

    [Fact]
    public Task WFDSL013_SMS_within_the_default_threshold_is_silent() =>
        VerifyAnalyzerAsync(Template("""Template.Language("en", c => c.Sms("Hi {{ user.first_name }}, please complete {{ content.title }}: {{ content.link }}"))"""));

    [Fact]
    public Task WFDSL013_editorconfig_threshold_overrides_the_build_property() =>
        VerifyAnalyzerAsync(
            [Template("""Template.Language("en", c => c.Sms({|WFDSL013:"Hi {{ user.first_name }}, please complete {{ content.title }} by {{ due_date }}: {{ content.link }} Thank you for taking care of your training in time."|}))""")],
            test =>
            {
                test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\nbuild_property.WorkflowDslMaxSmsSegments = 5\n"));
                test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*.cs]\nworkflowdsl.max_sms_segments = 1\n"));
            });

    [Fact]
    public Task WFDSL013_build_property_raises_the_threshold() =>
        VerifyAnalyzerAsync(
            [Template($$"""Template.Language("en", c => c.Sms({{LongSms}}))""")],
            test => test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\nbuild_property.WorkflowDslMaxSmsSegments = 10\n")));

    [Fact]
    public Task WFDSL014_unknown_placeholder_is_reported_at_its_path_inside_a_plain_literal() =>
        VerifyAnalyzerAsync(Template("""Template.Language("en", c => c.Email("Hello {{ {|WFDSL014:user.frist_name|} }}", "<p>{{ content.title }}</p>"))"""));

    [Fact]
    public Task WFDSL014_unknown_placeholder_in_a_literal_with_escapes_is_reported_at_the_literal() =>
        VerifyAnalyzerAsync(Template("""Template.Language("en", c => c.Sms({|WFDSL014:"Say \"{{ colleague.name }}\""|}))"""));

    [Fact]
    public Task WFDSL014_loop_variables_and_list_members_are_known() =>
        VerifyAnalyzerAsync(Template("""Template.Language("en", c => c.Email("{{ users.size }} people", "{% for u in users %}{{ forloop.index }} {{ u.name }} {% for c in u.contents %}{{ c.title }}{% endfor %}{% endfor %}"))"""));

    [Fact]
    public Task WFDSL017_manager_message_with_a_template_without_the_user_list_is_reported_at_the_template() =>
        VerifyAnalyzerAsync(Workflow(ValidChain + """.Message(Recipient.Manager, Channel.Email, {|WFDSL017:{|WFDSL031:"reminder"|}|})"""));

    [Fact]
    public Task WFDSL017_HR_partner_message_with_a_custom_template_without_the_user_list_is_reported() =>
        VerifyAnalyzerAsync([
            Workflow(ValidChain + """.NotifyHrPartner(Channel.Email, template: {|WFDSL017:"welcome"|})"""),
            Template("""Template.Language("en", c => c.Email("Hi", "Nothing to list"))""")]);

    [Fact]
    public Task WFDSL017_manager_digest_templates_are_silent() =>
        VerifyAnalyzerAsync([
            Workflow(ValidChain + """.RemindManager(Channel.Email | Channel.Sms).NotifyHrPartner(Channel.Email, template: "welcome")"""),
            Template("""Template.Language("en", c => c.Email("{{ users.size }} people", "{% for u in users %}{{ u.name }}{% endfor %}"))""")]);

    [Fact]
    public Task WFDSL019_message_naming_an_undefined_template_is_a_warning_at_the_template() =>
        VerifyAnalyzerAsync(Workflow(ValidChain + """.Remind(Channel.Email, template: {|WFDSL019:"welcom"|}, key: "welcome")"""));

    [Fact]
    public Task WFDSL019_templates_defined_in_the_compilation_are_known() =>
        VerifyAnalyzerAsync([
            Workflow(ValidChain + """.Remind(Channel.Email, template: "welcome", key: "welcome")"""),
            Template("""Template.Language("en", c => c.Email("Hi", "Welcome"))""")]);

    [Fact]
    public Task WFDSL020_template_id_that_is_not_kebab_case_is_reported_at_the_attribute_argument() =>
        VerifyAnalyzerAsync(Template("""Template.Language("en", c => c.Sms("Hi"))""", id: """{|WFDSL020:"Welcome Mail"|}"""));

    [Fact]
    public Task WFDSL020_template_defining_a_language_twice_is_reported_at_the_second() =>
        VerifyAnalyzerAsync(Template("""Template.Language("en", c => c.Sms("Hi")).Language({|WFDSL020:"EN"|}, c => c.Sms("Hello"))"""));

    [Fact]
    public Task WFDSL020_template_falling_back_to_an_undefined_language_is_reported_at_FallbackTo() =>
        VerifyAnalyzerAsync(Template("""Template.Language("en", c => c.Sms("Hi")).FallbackTo({|WFDSL020:"fi"|})"""));

    [Fact]
    public Task WFDSL020_two_templates_with_the_same_id_are_both_reported_at_their_ids() =>
        VerifyAnalyzerAsync("""
            public static class Templates
            {
                [MessageTemplate({|WFDSL020:"welcome"|})]
                public static TemplateDefinition Welcome() => Template.Language("en", c => c.Sms("Hi"));

                [MessageTemplate({|WFDSL020:"welcome"|})]
                public static TemplateDefinition WelcomeAgain() => Template.Language("en", c => c.Sms("Hello"));

                [MessageTemplate("goodbye")]
                public static TemplateDefinition Goodbye() => Template.Language("en", c => c.Sms("Bye"));
            }
            """);

    [Fact]
    public Task WFDSL020_template_method_that_is_not_static_is_reported_at_its_name() =>
        VerifyAnalyzerAsync("""
            public class Templates
            {
                [MessageTemplate("welcome")]
                public TemplateDefinition {|WFDSL020:Welcome|}() => Template.Language("en", c => c.Sms("Hi"));
            }
            """);

    [Fact]
    public Task WFDSL018_template_built_through_a_helper_is_reported_at_the_helper_call() =>
        VerifyAnalyzerAsync(Template("""{|WFDSL018:Make("en")|}""").Replace("{\n", "{\n    private static TemplateDefinition Make(string language) => Template.Language(language, c => c.Sms(\"Hi\"));\n"));

    [Fact]
    public Task WFDSL018_template_content_calling_something_else_is_reported_at_that_call() =>
        VerifyAnalyzerAsync(Template("""Template.Language("en", c => {|WFDSL018:Texts(c)|})""").Replace("{\n", "{\n    private static TemplateContent Texts(TemplateContent c) => c.Sms(\"Hi\");\n"));
}

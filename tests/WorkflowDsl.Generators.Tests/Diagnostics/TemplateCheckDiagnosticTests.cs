using Microsoft.CodeAnalysis;
using static WorkflowDsl.Generators.Tests.Infrastructure.AnalyzerTestSetup;
using static WorkflowDsl.Generators.Tests.Infrastructure.WorkflowSources;

namespace WorkflowDsl.Generators.Tests.Diagnostics;

/// <summary>Issue 12 item 6 at compile time: a template text that is a literal is checked by the analyzer, each
/// error at the offending part of the literal, naming the template id, language, channel part and line:column.
/// Expected line:column worked out by hand from the texts (1-based).</summary>
public class TemplateCheckDiagnosticTests
{
    private static async Task<(Diagnostic Diagnostic, string At)> Single(string id, params string[] sources)
    {
        var diagnostics = await AnalyzeAsync(sources.Select((s, i) => ($"/S{i}.cs", s)));
        var diagnostic = Assert.Single(diagnostics, d => d.Id == id);
        string at = diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan);
        return (diagnostic, at);
    }

    [Fact]
    public async Task WFDSL030_an_unclosed_block_is_reported_at_its_tag_with_template_part_and_line_column()
    {
        // "<p>{% if due_date %}Due {{ due_date }}</p>": the tag starts at offset 3 -> 1:4.
        var (d, at) = await Single("WFDSL030", Template("""Template.Language("en", c => c.Email("Hi", "<p>{% if due_date %}Due {{ due_date }}</p>"))"""));

        Assert.Equal("{% if due_date %}", at);
        Assert.Equal("Template 'welcome' (en, email body) line 1:4: '{% if %}' is not closed: add '{% endif %}'.", d.GetMessage());
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
    }

    [Fact]
    public async Task WFDSL030_an_unknown_filter_is_reported_at_its_name()
    {
        // "{{ content.title | shout }}": 'shout' at offset 19 -> 1:20.
        var (d, at) = await Single("WFDSL030", Template("""Template.Language("en", c => c.Email("{{ content.title | shout }}", "<p>Hi</p>"))"""));

        Assert.Equal("shout", at);
        Assert.Equal("Template 'welcome' (en, email subject) line 1:20: Unknown filter 'shout': the filters are the standard Liquid ones (see docs/templates.md).", d.GetMessage());
    }

    [Fact]
    public async Task WFDSL030_include_and_render_of_files_are_refused()
    {
        // "Hi {% include 'footer' %}": the tag at offset 3 -> 1:4.
        var (d, at) = await Single("WFDSL030", Template("""Template.Language("en", c => c.Sms("Hi {% include 'footer' %}")).Language("fi", c => c.Sms("Hei"))"""));
        var (r, _) = await Single("WFDSL030", Template("""Template.Language("en", c => c.Push("T", "{% render 'card' %}"))"""));

        Assert.Equal("{% include 'footer' %}", at);
        Assert.Equal("Template 'welcome' (en, SMS text) line 1:4: '{% include %}' reads another template file, which message templates may not do: write the text into this template instead.", d.GetMessage());
        Assert.Equal("Template 'welcome' (en, push body) line 1:1: '{% render %}' reads another template file, which message templates may not do: write the text into this template instead.", r.GetMessage());
    }

    [Fact]
    public async Task WFDSL014_an_unknown_variable_on_a_later_line_names_its_line_and_column()
    {
        // "Hi\n{{ user.frist_name }}": line 2, the path after "{{ " -> 2:4. The literal has an escape, so the
        // diagnostic is at the whole argument.
        var (d, at) = await Single("WFDSL014", Template("""Template.Language("fi", c => c.Push("Otsikko", "Hi\n{{ user.frist_name }}"))"""));

        Assert.Equal("\"Hi\\n{{ user.frist_name }}\"", at);
        Assert.Equal("Template 'welcome' (fi, push body) line 2:4: Placeholder 'user.frist_name': 'user' has no member 'frist_name'. Its members are: first_name, last_name, name, email, locale.", d.GetMessage());
    }

    [Fact]
    public async Task WFDSL031_user_in_a_template_sent_to_the_manager_is_reported_at_the_variable()
    {
        // Subject "Hi {{ user.first_name }}": the path at offset 6 -> 1:7.
        var (d, at) = await Single("WFDSL031",
            Workflow(ValidChain + """.RemindManager(Channel.Email, template: "welcome")"""),
            Template("""Template.Language("en", c => c.Email("Hi {{ user.first_name }}", "{% for u in users %}{{ u.name }}{% endfor %}"))"""));

        Assert.Equal("user.first_name", at);
        Assert.Equal("Template 'welcome' (en, email subject) line 1:7: Placeholder 'user.first_name': 'user' is not set in a digest to a manager or HR partner (one message about many users): use recipient.* for the manager or HR partner, and loop over the users with {% for u in users %}{{ u.first_name }}{% endfor %}. (workflow 'onboarding' sends this template to the manager.)", d.GetMessage());
        Assert.Equal(DiagnosticSeverity.Error, d.Severity);
    }

    [Fact]
    public async Task WFDSL031_users_in_a_template_sent_to_the_user_is_reported_at_the_variable()
    {
        // "{{ users.size }} colleagues": the path at offset 3 -> 1:4.
        var (d, at) = await Single("WFDSL031",
            Workflow("""Workflow.Named("Onboarding").ForContents("ONB-1").Message(Recipient.User, Channel.Sms, "welcome")"""),
            Template("""Template.Language("en", c => c.Sms("{{ users.size }} colleagues"))"""));

        Assert.Equal("users.size", at);
        Assert.Equal("Template 'welcome' (en, SMS text) line 1:4: Placeholder 'users.size': 'users' (the digest's list) is set only in a digest to a manager or HR partner, and this text is sent to the user: use user.* here, or use the template for RemindManager/NotifyHrPartner only. (workflow 'onboarding' sends this template to the user.)", d.GetMessage());
    }

    [Fact]
    public async Task WFDSL031_a_built_in_user_template_sent_to_the_manager_is_reported_at_the_step_template()
    {
        var (d, at) = await Single("WFDSL031", Workflow(ValidChain + """.Message(Recipient.Manager, Channel.Email, "reminder")"""));

        Assert.Equal("\"reminder\"", at);
        Assert.Equal("Built-in template 'reminder' prints user.first_name, but the manager gets one digest about many users, in which 'user' is not set: use 'manager-notification', or a template that loops over {% for u in users %}.", d.GetMessage());
    }

    [Fact]
    public async Task A_template_used_by_the_right_recipients_reports_no_template_error()
    {
        var diagnostics = await AnalyzeAsync([
            ("/W.cs", Workflow(ValidChain + """.RemindManager(Channel.Email, template: "welcome")""")),
            ("/T.cs", Template("""Template.Language("en", c => c.Email("{{ users.size }} people for {{ recipient.first_name }}", "{% for u in users %}{{ u.name | upcase }}{% endfor %}"))"""))]);

        Assert.DoesNotContain(diagnostics, d => d.Id is "WFDSL014" or "WFDSL030" or "WFDSL031");
    }
}

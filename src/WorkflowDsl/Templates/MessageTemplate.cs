using WorkflowDsl.Plan;

namespace WorkflowDsl.Templates;

/// <summary>The texts of one language of a template, for every channel. Texts are Liquid templates
/// (<c>{{ user.first_name }}</c>, <c>{% for u in users %}</c>); docs/templates.md lists the variables.</summary>
/// <param name="EmailSubject">Email subject line.</param>
/// <param name="EmailBody">Email body (HTML; a plain-text part is derived from it).</param>
/// <param name="PushTitle">Push notification title.</param>
/// <param name="PushBody">Push notification body.</param>
/// <param name="SmsText">SMS text.</param>
public sealed record TemplateContent(string? EmailSubject = null, string? EmailBody = null, string? PushTitle = null, string? PushBody = null, string? SmsText = null)
{
    /// <summary>Sets the email subject and body.</summary>
    public TemplateContent Email(string subject, string body) => this with { EmailSubject = subject, EmailBody = body };
    /// <summary>Sets the push title and body.</summary>
    public TemplateContent Push(string title, string body) => this with { PushTitle = title, PushBody = body };
    /// <summary>Sets the SMS text.</summary>
    public TemplateContent Sms(string text) => this with { SmsText = text };

    /// <summary>True when the content has the texts <paramref name="channel"/> needs.</summary>
    public bool Supports(Channel channel) => channel switch
    {
        Channel.Email => EmailSubject != null && EmailBody != null,
        Channel.Push => PushTitle != null && PushBody != null,
        Channel.Sms => SmsText != null,
        _ => false,
    };
}

/// <summary>One language variant of a template.</summary>
/// <param name="Language">Language tag, such as "en" or "fi".</param>
/// <param name="Content">The texts.</param>
public sealed record TemplateVariant(string Language, TemplateContent Content);

/// <summary>A message template: texts per language, with a fallback language used when the
/// recipient's locale has no variant.</summary>
/// <param name="Id">Kebab-case id that message steps name.</param>
/// <param name="FallbackLanguage">Language used when the recipient's has no variant.</param>
/// <param name="Variants">The language variants.</param>
public sealed record MessageTemplate(string Id, string FallbackLanguage, ValueList<TemplateVariant> Variants)
{
    /// <summary>The variant for <paramref name="locale"/>: an exact match ("fi-FI"), then the language
    /// alone ("fi"), then the fallback language.</summary>
    public TemplateVariant VariantFor(string? locale)
    {
        if (!string.IsNullOrEmpty(locale))
        {
            var exact = Variants.FirstOrDefault(v => string.Equals(v.Language, locale, StringComparison.OrdinalIgnoreCase));
            if (exact is not null) return exact;
            string language = locale.Split('-', '_')[0];
            var byLanguage = Variants.FirstOrDefault(v => string.Equals(v.Language, language, StringComparison.OrdinalIgnoreCase));
            if (byLanguage is not null) return byLanguage;
        }
        return Variants.FirstOrDefault(v => string.Equals(v.Language, FallbackLanguage, StringComparison.OrdinalIgnoreCase)) ?? Variants[0];
    }
}

/// <summary>Starts a template definition: <c>Template.Language("en", c =&gt; c.Email(...).Sms(...)).Language("fi", ...)</c>.</summary>
public static class Template
{
    /// <summary>Starts a template with its first language, which is also the fallback unless
    /// <see cref="TemplateDefinition.FallbackTo"/> says otherwise.</summary>
    public static TemplateDefinition Language(string language, Func<TemplateContent, TemplateContent> content) =>
        new TemplateDefinition(null, []).Language(language, content);
}

/// <summary>A message template being defined in code; <see cref="Build"/> gives the template.</summary>
public sealed class TemplateDefinition
{
    private readonly string? _fallback;
    private readonly TemplateVariant[] _variants;

    internal TemplateDefinition(string? fallback, TemplateVariant[] variants)
    {
        _fallback = fallback;
        _variants = variants;
    }

    /// <summary>Adds a language variant.</summary>
    public TemplateDefinition Language(string language, Func<TemplateContent, TemplateContent> content) =>
        new(_fallback, [.. _variants, new TemplateVariant(language, content(new TemplateContent()))]);

    /// <summary>Sets the fallback language (the first language by default).</summary>
    public TemplateDefinition FallbackTo(string language) => new(language, _variants);

    /// <summary>Builds the template with the given id.</summary>
    /// <exception cref="WorkflowDefinitionException">The id is not kebab-case, a language appears twice, or the fallback language has no variant.</exception>
    public MessageTemplate Build(string id)
    {
        var problems = new List<string>();
        if (!Rules.Kebab.IsValid(id)) problems.Add($"{Rules.RuleIds.InvalidDeclaration}: template id '{id}' is not kebab-case: use lower-case letters, digits and single hyphens.");
        string fallback = _fallback ?? (_variants.Length > 0 ? _variants[0].Language : "en");
        foreach (var duplicate in _variants.GroupBy(v => v.Language, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            problems.Add($"{Rules.RuleIds.InvalidDeclaration}: template '{id}' defines language '{duplicate.Key}' twice: keep one.");
        if (!_variants.Any(v => string.Equals(v.Language, fallback, StringComparison.OrdinalIgnoreCase)))
            problems.Add($"{Rules.RuleIds.InvalidDeclaration}: template '{id}' falls back to '{fallback}', which it does not define: add .Language(\"{fallback}\", ...) or change FallbackTo.");
        if (problems.Count > 0) throw new WorkflowDefinitionException(id, problems);
        return new MessageTemplate(id, fallback, new ValueList<TemplateVariant>(_variants));
    }
}

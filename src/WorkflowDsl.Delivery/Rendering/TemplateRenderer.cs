using System.Collections.Concurrent;
using System.Text.Encodings.Web;
using Fluid;
using WorkflowDsl.Rules;
using WorkflowDsl.Templates;

namespace WorkflowDsl.Delivery.Rendering;

/// <summary>Renders message templates with Fluid (Liquid) in strict mode: an unknown variable, member or
/// filter, or a printed variable without a value, is a <see cref="TemplateRenderException"/> naming the
/// template, language, text and variable, never an empty hole. Values inserted into an email body are
/// HTML-encoded; email subjects and push titles are one line. Thread-safe; parsed texts are cached.</summary>
public sealed class TemplateRenderer
{
    private static readonly FluidParser Parser = new();
    private readonly TemplateOptions _options = new() { StrictVariables = true, StrictFilters = true };
    private readonly ConcurrentDictionary<string, IFluidTemplate> _parsed = new(StringComparer.Ordinal);

    /// <summary>Checks every language and text of <paramref name="template"/> without data: Liquid syntax,
    /// filters, and that every placeholder names a documented variable. Empty when all is well.</summary>
    public IReadOnlyList<TemplateProblem> Validate(MessageTemplate template)
    {
        var problems = new List<TemplateProblem>();
        foreach (var variant in template.Variants)
        {
            foreach (var (name, text) in Texts(variant.Content))
            {
                if (text is null) continue;
                var problem = Check(template.Id, variant.Language, name, text);
                if (problem is not null) problems.Add(problem);
            }
        }
        return problems;
    }

    /// <summary>Renders the email texts for the recipient's language.</summary>
    /// <exception cref="TemplateRenderException">The template cannot be rendered for this model.</exception>
    public RenderedEmail RenderEmail(MessageTemplate template, TemplateModel model)
    {
        var variant = Choose(template, model, Channel.Email, "email");
        var context = Context(model);
        string subject = Render(template.Id, variant.Language, "email subject", variant.Content.EmailSubject!, context, NullEncoder.Default);
        string body = Render(template.Id, variant.Language, "email body", variant.Content.EmailBody!, context, HtmlEncoder.Default);
        return new RenderedEmail(variant.Language, HtmlText.OneLine(subject), body);
    }

    /// <summary>Renders the push texts for the recipient's language.</summary>
    /// <exception cref="TemplateRenderException">The template cannot be rendered for this model.</exception>
    public RenderedPush RenderPush(MessageTemplate template, TemplateModel model)
    {
        var variant = Choose(template, model, Channel.Push, "push");
        var context = Context(model);
        string title = Render(template.Id, variant.Language, "push title", variant.Content.PushTitle!, context, NullEncoder.Default);
        string body = Render(template.Id, variant.Language, "push body", variant.Content.PushBody!, context, NullEncoder.Default);
        return new RenderedPush(variant.Language, HtmlText.OneLine(title), body.Trim());
    }

    /// <summary>Renders the SMS text for the recipient's language and measures it in segments.</summary>
    /// <exception cref="TemplateRenderException">The template cannot be rendered for this model.</exception>
    public RenderedSms RenderSms(MessageTemplate template, TemplateModel model)
    {
        var variant = Choose(template, model, Channel.Sms, "sms");
        string text = Render(template.Id, variant.Language, "sms text", variant.Content.SmsText!, Context(model), NullEncoder.Default).Trim();
        return new RenderedSms(variant.Language, text, SmsSegments.Measure(text));
    }

    private static IEnumerable<(string Name, string? Text)> Texts(TemplateContent c) =>
    [
        ("email subject", c.EmailSubject), ("email body", c.EmailBody), ("push title", c.PushTitle),
        ("push body", c.PushBody), ("sms text", c.SmsText),
    ];

    // The recipient's language when it has the channel's texts, else the fallback language's.
    private static TemplateVariant Choose(MessageTemplate template, TemplateModel model, Channel channel, string channelName)
    {
        if (model.Contents.Count == 0)
            throw new ArgumentException($"The model for template '{template.Id}' has no contents: a message needs at least one content.", nameof(model));
        var variant = template.VariantFor(model.Recipient.Locale);
        if (variant.Content.Supports(channel)) return variant;
        var fallback = template.VariantFor(template.FallbackLanguage);
        if (fallback.Content.Supports(channel)) return fallback;
        throw new TemplateRenderException(new TemplateProblem(TemplateProblemIds.MissingText, template.Id, variant.Language, channelName, null,
            $"neither '{variant.Language}' nor the fallback '{template.FallbackLanguage}' has {channelName} texts: add them with .{char.ToUpperInvariant(channelName[0])}{channelName[1..]}(...) or remove {channel} from the step."));
    }

    private TemplateProblem? Check(string templateId, string language, string textName, string text)
    {
        var unknown = TemplateSyntax.FindUnknownPlaceholders(text);
        if (unknown.Count > 0)
            return new TemplateProblem(TemplateProblemIds.UnknownVariable, templateId, language, textName, unknown[0].Path, unknown[0].Message);
        if (!Parser.TryParse(text, out _, out string? error))
            return new TemplateProblem(TemplateProblemIds.Syntax, templateId, language, textName, null, $"not valid Liquid: {error}");
        return null;
    }

    // The model's values, built once per message and shared by its texts (each renders in a child scope,
    // so an {% assign %} in one text does not reach the next).
    private TemplateContext Context(TemplateModel model)
    {
        var context = new TemplateContext(_options);
        TemplateValues.Fill(context, model);
        return context;
    }

    private string Render(string templateId, string language, string textName, string text, TemplateContext context, TextEncoder encoder)
    {
        if (!_parsed.TryGetValue(text, out var parsed))
        {
            var problem = Check(templateId, language, textName, text);
            if (problem is not null) throw new TemplateRenderException(problem);
            parsed = _parsed.GetOrAdd(text, Parser.Parse(text));
        }
        context.EnterChildScope();
        try
        {
            return parsed.Render(context, encoder);
        }
        catch (AbsentValueException e)
        {
            throw new TemplateRenderException(new TemplateProblem(TemplateProblemIds.NoValue, templateId, language, textName, e.Path,
                $"'{e.Path}' has no value for this recipient: print it inside {{% if {e.Path.Split('[')[0]} %}}...{{% endif %}}, or give it a value."), e);
        }
        catch (FluidException e)
        {
            string id = e.Message.Contains("filter", StringComparison.OrdinalIgnoreCase) ? TemplateProblemIds.Syntax : TemplateProblemIds.UnknownVariable;
            throw new TemplateRenderException(new TemplateProblem(id, templateId, language, textName, null,
                $"{e.Message}. Known variables: {TemplateSyntax.KnownVariables}."), e);
        }
        finally
        {
            context.ReleaseScope();
        }
    }
}

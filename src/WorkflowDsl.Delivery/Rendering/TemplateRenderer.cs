using System.Collections.Concurrent;
using System.Text;
using System.Text.Encodings.Web;
using Fluid;
using WorkflowDsl.Rules;
using WorkflowDsl.Templates;

namespace WorkflowDsl.Delivery.Rendering;

/// <summary>Renders message templates with Fluid (Liquid) in strict mode: an unknown variable, member or
/// filter, or a printed variable without a value, is a <see cref="TemplateRenderException"/> naming the
/// template, language, text and variable, never an empty hole. Values inserted into an email body are
/// HTML-encoded; email subjects and push titles are one line. Thread-safe; parsed texts are cached.</summary>
/// <remarks>Every render runs inside the limits of <see cref="RenderingOptions"/> (steps, nesting depth,
/// output size, time) and never reads a file (<c>include</c>/<c>render</c> are refused). Whatever goes wrong
/// in one render, a Liquid error, a limit or an exception of the engine, comes out as a
/// <see cref="TemplateRenderException"/> for that one message, so the caller can fail that message and go on.</remarks>
public sealed class TemplateRenderer
{
    private static readonly FluidParser Parser = new();
    private readonly TemplateOptions _options;
    private readonly RenderingOptions _limits;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, IFluidTemplate> _parsed = new(StringComparer.Ordinal);

    /// <summary>A renderer with the default limits.</summary>
    public TemplateRenderer() : this(new RenderingOptions())
    {
    }

    /// <summary>A renderer with the given limits.</summary>
    /// <param name="limits">The limits of one render.</param>
    /// <param name="time">Measures the time limit; the system clock by default.</param>
    /// <exception cref="ArgumentException">A limit is out of range (the message names it and what to do).</exception>
    public TemplateRenderer(RenderingOptions limits, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var problems = limits.Validate().ToList();
        if (problems.Count > 0) throw new ArgumentException(string.Join(" ", problems), nameof(limits));
        _limits = limits;
        _time = time ?? TimeProvider.System;
        _options = new TemplateOptions
        {
            StrictVariables = true, StrictFilters = true, MaxSteps = limits.MaxSteps, MaxRecursion = limits.MaxRecursion,
            FileProvider = new Microsoft.Extensions.FileProviders.NullFileProvider(),
        };
    }

    /// <summary>Checks every language and text of <paramref name="template"/> without data: Liquid syntax,
    /// filters, that every placeholder names a documented variable, no include/render, the nesting depth.
    /// Empty when all is well.</summary>
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
    /// <exception cref="TemplateRenderException">The template cannot be rendered for this model, or a limit was hit.</exception>
    public RenderedEmail RenderEmail(MessageTemplate template, TemplateModel model)
    {
        var variant = Choose(template, model, Channel.Email, "email");
        var context = Context(model);
        long start = _time.GetTimestamp();
        string subject = Render(template.Id, variant.Language, "email subject", variant.Content.EmailSubject!, context, NullEncoder.Default, start);
        string body = Render(template.Id, variant.Language, "email body", variant.Content.EmailBody!, context, HtmlEncoder.Default, start);
        return new RenderedEmail(variant.Language, HtmlText.OneLine(subject), body);
    }

    /// <summary>Renders the push texts for the recipient's language.</summary>
    /// <exception cref="TemplateRenderException">The template cannot be rendered for this model, or a limit was hit.</exception>
    public RenderedPush RenderPush(MessageTemplate template, TemplateModel model)
    {
        var variant = Choose(template, model, Channel.Push, "push");
        var context = Context(model);
        long start = _time.GetTimestamp();
        string title = Render(template.Id, variant.Language, "push title", variant.Content.PushTitle!, context, NullEncoder.Default, start);
        string body = Render(template.Id, variant.Language, "push body", variant.Content.PushBody!, context, NullEncoder.Default, start);
        return new RenderedPush(variant.Language, HtmlText.OneLine(title), body.Trim());
    }

    /// <summary>Renders the SMS text for the recipient's language and measures it in segments.</summary>
    /// <exception cref="TemplateRenderException">The template cannot be rendered for this model, or a limit was hit.</exception>
    public RenderedSms RenderSms(MessageTemplate template, TemplateModel model)
    {
        var variant = Choose(template, model, Channel.Sms, "sms");
        long start = _time.GetTimestamp();
        string text = Render(template.Id, variant.Language, "SMS text", variant.Content.SmsText!, Context(model), NullEncoder.Default, start).Trim();
        return new RenderedSms(variant.Language, text, SmsSegments.Measure(text));
    }

    private static IEnumerable<(string Name, string? Text)> Texts(TemplateContent c) =>
    [
        ("email subject", c.EmailSubject), ("email body", c.EmailBody), ("push title", c.PushTitle),
        ("push body", c.PushBody), ("SMS text", c.SmsText),
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
        // The same check as compile time and run validation (audience unknown here: a text may serve both),
        // before the Liquid parser sees the text: it also bounds the nesting the parser recurses on.
        var errors = LiquidCheck.Check(text, TemplateAudience.Any, _limits.MaxRecursion);
        if (errors.Count > 0)
        {
            var error = errors[0];
            string id = error.Kind switch
            {
                TemplateErrorKind.UnknownVariable => TemplateProblemIds.UnknownVariable,
                TemplateErrorKind.FileInclude => TemplateProblemIds.FileRefused,
                TemplateErrorKind.TooDeep => TemplateProblemIds.Limit,
                _ => TemplateProblemIds.Syntax,
            };
            string? variable = error.Kind == TemplateErrorKind.UnknownVariable ? text.Substring(error.Offset, error.Length) : null;
            return new TemplateProblem(id, templateId, language, textName, variable, $"line {error.Line}:{error.Column}: {error.Message}");
        }
        if (!Parser.TryParse(text, out _, out string? parseError))
            return new TemplateProblem(TemplateProblemIds.Syntax, templateId, language, textName, null, $"not valid Liquid: {parseError}");
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

    private string Render(string templateId, string language, string textName, string text, TemplateContext context, TextEncoder encoder, long start)
    {
        TemplateProblem Problem(string id, string? variable, string detail) => new(id, templateId, language, textName, variable, detail);
        if (!_parsed.TryGetValue(text, out var parsed))
        {
            var problem = Check(templateId, language, textName, text);
            if (problem is not null) throw new TemplateRenderException(problem);
            parsed = _parsed.GetOrAdd(text, Parser.Parse(text));
        }
        var writer = new LimitedWriter(_limits, _time, start);
        context.EnterChildScope();
        try
        {
            writer.CheckTime();
            var rendering = parsed.RenderAsync(writer, encoder, context);
            if (!rendering.IsCompletedSuccessfully) rendering.AsTask().GetAwaiter().GetResult();
            return writer.ToString();
        }
        catch (AbsentValueException e)
        {
            throw new TemplateRenderException(Problem(TemplateProblemIds.NoValue, e.Path,
                $"'{e.Path}' has no value for this recipient: print it inside {{% if {e.Path.Split('[')[0]} %}}...{{% endif %}}, or give it a value."), e);
        }
        catch (RenderLimitException e)
        {
            throw new TemplateRenderException(Problem(TemplateProblemIds.Limit, null, e.Message), e);
        }
        catch (FluidException e)
        {
            string id = e.Message.Contains("filter", StringComparison.OrdinalIgnoreCase) ? TemplateProblemIds.Syntax : TemplateProblemIds.UnknownVariable;
            throw new TemplateRenderException(Problem(id, null, $"{e.Message}. Known variables: {TemplateSyntax.KnownVariables}."), e);
        }
        catch (InvalidOperationException e) when (e.Message.Contains("maximum level of recursion", StringComparison.Ordinal))
        {
            // Fluid reports both its step and its recursion limit this way; include/render are refused, so it is the steps.
            throw new TemplateRenderException(Problem(TemplateProblemIds.Limit, null,
                $"the render took more than {_limits.MaxSteps} steps (Rendering:MaxSteps): a loop runs too long; loop over a list such as users or contents instead of a large range."), e);
        }
        catch (Exception e) when (e is not OperationCanceledException and not TemplateRenderException)
        {
            // Anything else the engine throws fails this one message, never the caller's batch.
            throw new TemplateRenderException(Problem(TemplateProblemIds.Syntax, null, $"the render failed: {e.GetType().Name}: {e.Message}"), e);
        }
        finally
        {
            context.ReleaseScope();
        }
    }

    /// <summary>Collects one text's output and stops the render at the output size or the time limit.</summary>
    private sealed class LimitedWriter(RenderingOptions limits, TimeProvider time, long start) : TextWriter
    {
        private readonly StringBuilder _text = new();

        public override Encoding Encoding => Encoding.Unicode;

        public void CheckTime()
        {
            if (time.GetElapsedTime(start) > limits.TimeLimit)
                throw new RenderLimitException($"the render took longer than {limits.TimeLimit} (Rendering:TimeLimit): simplify the template.");
        }

        private void Grow(int count)
        {
            if (_text.Length + count > limits.MaxOutputChars)
                throw new RenderLimitException($"the text would be longer than {limits.MaxOutputChars} characters (Rendering:MaxOutputChars): shorten it, or limit the loop that writes it.");
            CheckTime();
        }

        public override void Write(char value)
        {
            Grow(1);
            _text.Append(value);
        }

        public override void Write(string? value)
        {
            if (value is null) return;
            Grow(value.Length);
            _text.Append(value);
        }

        public override void Write(char[] buffer, int index, int count)
        {
            Grow(count);
            _text.Append(buffer, index, count);
        }

        public override void Write(ReadOnlySpan<char> buffer)
        {
            Grow(buffer.Length);
            _text.Append(buffer);
        }

        public override string ToString() => _text.ToString();
    }

    private sealed class RenderLimitException(string message) : Exception(message);
}

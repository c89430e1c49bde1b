using WorkflowDsl.Rules;

namespace WorkflowDsl.Delivery.Rendering;

/// <summary>A rendered email: a one-line subject and an HTML body; the plain-text part is derived from
/// the HTML when the message is composed (after links are rewritten).</summary>
/// <param name="Language">The template language that was used.</param>
/// <param name="Subject">Subject line, free of CR and LF.</param>
/// <param name="HtmlBody">HTML body with every inserted value HTML-encoded.</param>
public sealed record RenderedEmail(string Language, string Subject, string HtmlBody)
{
    /// <summary>The plain-text alternative of <see cref="HtmlBody"/>.</summary>
    public string TextBody => HtmlText.ToPlainText(HtmlBody);
}

/// <summary>A rendered push notification.</summary>
/// <param name="Language">The template language that was used.</param>
/// <param name="Title">Title, one line.</param>
/// <param name="Body">Body text.</param>
public sealed record RenderedPush(string Language, string Title, string Body);

/// <summary>A rendered SMS text with its length in segments.</summary>
/// <param name="Language">The template language that was used.</param>
/// <param name="Text">The text.</param>
/// <param name="Measure">Encoding and segments, by <see cref="SmsSegments"/>.</param>
public sealed record RenderedSms(string Language, string Text, SmsMeasure Measure);

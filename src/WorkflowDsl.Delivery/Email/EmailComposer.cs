using System.Text;
using MimeKit;
using WorkflowDsl.Delivery.Rendering;
using WorkflowDsl.Delivery.Sending;
using WorkflowDsl.Delivery.Tracking;

namespace WorkflowDsl.Delivery.Email;

/// <summary>Builds the MIME message of an <see cref="EmailMessage"/>: sender, recipients, a one-line
/// subject, multipart/alternative with the plain-text part derived from the HTML, a Message-Id derived
/// from the message id (stable across retries), and — with tracking on — rewritten links, the open
/// pixel and the List-Unsubscribe / List-Unsubscribe-Post (RFC 8058) headers.</summary>
public sealed class EmailComposer
{
    private readonly EmailOptions _options;
    private readonly TrackingLinks? _tracking;
    private readonly TimeProvider _clock;
    private readonly string _domain;

    /// <summary>Creates the composer; <paramref name="tracking"/> null means no tracking.</summary>
    public EmailComposer(EmailOptions options, TrackingLinks? tracking = null, TimeProvider? clock = null)
    {
        _options = options;
        _tracking = tracking;
        _clock = clock ?? TimeProvider.System;
        _domain = options.FromAddress.Contains('@') ? options.FromAddress[(options.FromAddress.LastIndexOf('@') + 1)..] : "localhost";
    }

    /// <summary>The Message-Id used for <paramref name="messageId"/> (without angle brackets).</summary>
    public string MessageIdFor(string messageId)
    {
        var safe = new StringBuilder("wfdsl.");
        foreach (char c in messageId) safe.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' ? c : '_');
        return $"{safe}@{_domain}";
    }

    /// <summary>The MIME message for <paramref name="message"/>.</summary>
    public MimeMessage Compose(EmailMessage message)
    {
        if (message.To.Count == 0) throw new ArgumentException($"Email '{message.MessageId}' has no recipient.", nameof(message));
        var mime = new MimeMessage();
        mime.From.Add(new MailboxAddress(_options.FromName ?? "", _options.FromAddress));
        foreach (var to in message.To) mime.To.Add(new MailboxAddress(to.DisplayName ?? "", to.Address));
        mime.Subject = HtmlText.OneLine(message.Content.Subject);
        mime.MessageId = MessageIdFor(message.MessageId);
        mime.Date = _clock.GetUtcNow();
        mime.Headers.Add("Auto-Submitted", "auto-generated");
        string html = message.Content.HtmlBody;
        if (_tracking is not null)
        {
            html = _tracking.Apply(html, message.MessageId, message.UserId);
            mime.Headers.Add("List-Unsubscribe", $"<{_tracking.UnsubscribeUrl(message.MessageId, message.UserId)}>");
            mime.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }
        var body = new BodyBuilder
        {
            TextBody = HtmlText.ToPlainText(html),
            HtmlBody = html.Contains("<html", StringComparison.OrdinalIgnoreCase)
                ? html
                : $"<!doctype html><html lang=\"{message.Content.Language}\"><head><meta charset=\"utf-8\"></head><body>{html}</body></html>",
        };
        mime.Body = body.ToMessageBody();
        return mime;
    }
}

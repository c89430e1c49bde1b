using MailKit.Net.Smtp;
using MimeKit;

namespace WorkflowDsl.Delivery.Email;

/// <summary>An SMTP client where a refused recipient does not abort the message for the others: refusals
/// are collected in <see cref="Refused"/>; only when every recipient is refused does the send fail.</summary>
internal sealed class RecipientTolerantSmtpClient : SmtpClient
{
    /// <summary>Recipients refused during the current send, with the server's reply.</summary>
    public List<(MailboxAddress Mailbox, SmtpStatusCode Status, string Response)> Refused { get; } = [];

    protected override void OnRecipientNotAccepted(MimeMessage message, MailboxAddress mailbox, SmtpResponse response) =>
        Refused.Add((mailbox, response.StatusCode, response.Response));

    protected override void OnNoRecipientsAccepted(MimeMessage message)
    {
        var last = Refused.Count > 0 ? Refused[^1] : default;
        throw new SmtpCommandException(SmtpErrorCode.RecipientNotAccepted, Refused.Count > 0 ? last.Status : SmtpStatusCode.MailboxUnavailable,
            last.Mailbox!, $"No recipient was accepted: {string.Join("; ", Refused.Select(r => $"{r.Mailbox.Address}: {(int)r.Status} {r.Response}"))}");
    }
}

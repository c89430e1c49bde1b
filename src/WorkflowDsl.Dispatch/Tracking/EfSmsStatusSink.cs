using Microsoft.EntityFrameworkCore;
using WorkflowDsl.Delivery.Sms;
using WorkflowDsl.Dispatch.Storage;
using WorkflowDsl.Runtime.Storage;
using Outcome = WorkflowDsl.Delivery.Sending.DeliveryResult;

namespace WorkflowDsl.Dispatch.Tracking;

/// <summary>Applies Twilio delivery status callbacks to the recorded results: a message the provider
/// accepted (recorded <c>Delivered</c>) whose callback says it was not delivered becomes <c>Failed</c>
/// (30003–30008, invalid numbers) or <c>Skipped</c> with an SMS opt-out (21610). Idempotent: the same
/// callback posted again changes nothing more. Callbacks for unknown message SIDs are ignored.</summary>
public sealed class EfSmsStatusSink(DispatchDatabase database) : ISmsStatusSink
{
    /// <inheritdoc/>
    public async Task RecordAsync(SmsStatusEvent statusEvent, CancellationToken cancellationToken)
    {
        var outcome = statusEvent.Outcome;
        if (outcome is null or Outcome.Sent) return;
        await using var db = database.CreateContext();
        string sid = statusEvent.MessageSid;
        var attempt = await db.Attempts.AsNoTracking()
            .FirstOrDefaultAsync(a => a.Channel == Channel.Sms && a.State == AttemptState.Sent && a.ProviderId == sid, cancellationToken);
        if (attempt is null) return;
        var result = await db.DeliveryResults
            .FirstOrDefaultAsync(r => r.OutboxMessageId == attempt.OutboxMessageId && r.Channel == Channel.Sms, cancellationToken);
        if (result is null) return;
        var at = statusEvent.At.UtcDateTime;
        switch (outcome)
        {
            case Outcome.OptedOut o:
                result.Status = DeliveryStatus.Skipped;
                result.Reason = $"opted out of Sms (status callback): {o.Reason}";
                var recipient = await db.Outbox.Where(m => m.Id == attempt.OutboxMessageId).Select(m => m.RecipientId).FirstAsync(cancellationToken);
                if (!await db.OptOuts.AnyAsync(x => x.UserId == recipient && x.Channel == Channel.Sms, cancellationToken))
                    db.OptOuts.Add(new OptOut { UserId = recipient, Channel = Channel.Sms, Source = "twilio status callback 21610", OutboxMessageId = attempt.OutboxMessageId, At = at });
                break;
            case Outcome.InvalidAddress i:
                result.Status = DeliveryStatus.Failed;
                result.Reason = $"invalid address (status callback): {i.Reason}";
                break;
            case Outcome.FailedPermanent p:
                result.Status = DeliveryStatus.Failed;
                result.Reason = $"not delivered (status callback): {p.Reason}";
                break;
            default:
                return;
        }
        result.At = at;
        await db.SaveChangesAsync(cancellationToken);
    }
}

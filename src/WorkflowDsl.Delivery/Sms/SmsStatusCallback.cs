using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Twilio.Security;
using WorkflowDsl.Delivery.Sending;

namespace WorkflowDsl.Delivery.Sms;

/// <summary>A delivery status change Twilio reported for a message.</summary>
/// <param name="MessageSid">Twilio's message SID (the <see cref="DeliveryResult.Sent.ProviderId"/>).</param>
/// <param name="Status">queued, sending, sent, delivered, undelivered, failed, …</param>
/// <param name="ErrorCode">Twilio error code for undelivered / failed (30003–30008, …), if any.</param>
/// <param name="To">The recipient number.</param>
/// <param name="At">When the callback arrived.</param>
public sealed record SmsStatusEvent(string MessageSid, string Status, int? ErrorCode, string? To, DateTimeOffset At)
{
    /// <summary>The final outcome this status means, or null while the message is still on its way:
    /// delivered → Sent; 30005 (unknown number) / 30006 (landline) → InvalidAddress; 21610 → OptedOut;
    /// other undelivered / failed → FailedPermanent.</summary>
    public DeliveryResult? Outcome => Status switch
    {
        "delivered" => new DeliveryResult.Sent(MessageSid),
        "undelivered" or "failed" => ErrorCode switch
        {
            30005 or 30006 or 21211 or 21614 => new DeliveryResult.InvalidAddress($"Twilio {ErrorCode}: {Status}"),
            21610 => new DeliveryResult.OptedOut($"Twilio {ErrorCode}: {Status}"),
            _ => new DeliveryResult.FailedPermanent($"Twilio {ErrorCode?.ToString() ?? "-"}: {Status}"),
        },
        _ => null,
    };
}

/// <summary>Stores SMS status callbacks; the run engine's storage implements it. Twilio may post the
/// same status more than once: record idempotently.</summary>
public interface ISmsStatusSink
{
    /// <summary>Records one status change.</summary>
    Task RecordAsync(SmsStatusEvent statusEvent, CancellationToken cancellationToken);
}

/// <summary>The endpoint Twilio posts delivery status changes to (<see cref="TwilioOptions.StatusCallback"/>).</summary>
public static class SmsStatusCallbackEndpoints
{
    /// <summary>Maps <c>POST</c> on the path of <see cref="TwilioOptions.StatusCallback"/>: checks the
    /// <c>X-Twilio-Signature</c> against the configured URL and auth token (403 when it does not match,
    /// recording nothing), records the status through <see cref="ISmsStatusSink"/> and answers 204.</summary>
    /// <exception cref="InvalidOperationException">No StatusCallback is configured.</exception>
    public static IEndpointConventionBuilder MapTwilioStatusCallback(this IEndpointRouteBuilder endpoints)
    {
        var twilio = endpoints.ServiceProvider.GetRequiredService<IOptions<DeliveryOptions>>().Value.Sms.Twilio;
        if (string.IsNullOrWhiteSpace(twilio.StatusCallback) || string.IsNullOrWhiteSpace(twilio.AuthToken))
            throw new InvalidOperationException($"{DeliveryOptions.Section}:Sms:Twilio:StatusCallback and AuthToken must be set to map the status callback.");
        string url = twilio.StatusCallback;
        var validator = new RequestValidator(twilio.AuthToken);
        return endpoints.MapPost(new Uri(url).AbsolutePath, async (HttpContext http) =>
        {
            if (!http.Request.HasFormContentType) return Results.StatusCode(StatusCodes.Status415UnsupportedMediaType);
            var form = await http.Request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false);
            var fields = form.ToDictionary(f => f.Key, f => f.Value.ToString());
            string signature = http.Request.Headers["X-Twilio-Signature"].ToString();
            if (signature.Length == 0 || !validator.Validate(url, fields, signature)) return Results.StatusCode(StatusCodes.Status403Forbidden);
            if (!fields.TryGetValue("MessageSid", out var sid) || !fields.TryGetValue("MessageStatus", out var status)) return Results.BadRequest();
            int? code = fields.TryGetValue("ErrorCode", out var c) && int.TryParse(c, out int n) ? n : null;
            var clock = http.RequestServices.GetService<TimeProvider>() ?? TimeProvider.System;
            await http.RequestServices.GetRequiredService<ISmsStatusSink>()
                .RecordAsync(new SmsStatusEvent(sid, status, code, fields.GetValueOrDefault("To"), clock.GetUtcNow()), http.RequestAborted).ConfigureAwait(false);
            return Results.NoContent();
        }).DisableAntiforgery();
    }
}

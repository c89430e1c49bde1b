using WorkflowDsl.Delivery.Rendering;

namespace WorkflowDsl.Delivery.Sending;

/// <summary>A message ready to send on one channel. <see cref="MessageId"/> is the outbox row's id: it
/// names the message at the provider (Message-Id, pickup file) and in tracking tokens.</summary>
/// <param name="MessageId">Unique id of the planned message.</param>
/// <param name="UserId">The recipient's user id (opens, clicks and unsubscribes are recorded for it).</param>
public abstract record OutgoingMessage(string MessageId, string UserId);

/// <summary>An email address with an optional display name.</summary>
/// <param name="Address">The address, such as "aino@example.com".</param>
/// <param name="DisplayName">The name shown, such as "Aino Virtanen".</param>
public sealed record EmailAddress(string Address, string? DisplayName = null);

/// <summary>An email to one or more recipients; a refused recipient does not stop the others.</summary>
/// <param name="MessageId">Unique id of the planned message.</param>
/// <param name="UserId">The recipient's user id.</param>
/// <param name="To">The recipients (usually one).</param>
/// <param name="Content">The rendered subject and HTML body.</param>
public sealed record EmailMessage(string MessageId, string UserId, IReadOnlyList<EmailAddress> To, RenderedEmail Content)
    : OutgoingMessage(MessageId, UserId);

/// <summary>An SMS to one phone number.</summary>
/// <param name="MessageId">Unique id of the planned message.</param>
/// <param name="UserId">The recipient's user id.</param>
/// <param name="To">Phone number in E.164 form (+358401234567).</param>
/// <param name="Body">The text.</param>
public sealed record SmsMessage(string MessageId, string UserId, string To, string Body) : OutgoingMessage(MessageId, UserId);

/// <summary>A push notification to one device token.</summary>
/// <param name="MessageId">Unique id of the planned message.</param>
/// <param name="UserId">The recipient's user id.</param>
/// <param name="DeviceToken">The FCM registration token.</param>
/// <param name="Title">Notification title.</param>
/// <param name="Body">Notification body.</param>
public sealed record PushMessage(string MessageId, string UserId, string DeviceToken, string Title, string Body) : OutgoingMessage(MessageId, UserId)
{
    /// <summary>Extra key/value data delivered to the app (string values only, as FCM requires).</summary>
    public IReadOnlyDictionary<string, string>? Data { get; init; }
}

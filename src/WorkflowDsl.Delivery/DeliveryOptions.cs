using Microsoft.Extensions.Options;
using WorkflowDsl.Delivery.Email;
using WorkflowDsl.Delivery.Push;
using WorkflowDsl.Delivery.Sms;
using WorkflowDsl.Delivery.Tracking;

namespace WorkflowDsl.Delivery;

/// <summary>All delivery settings, bound from the configuration section <see cref="Section"/>. Each
/// channel has its own options object; docs/delivery.md has an example appsettings.json.</summary>
public sealed class DeliveryOptions
{
    /// <summary>The configuration section: <c>WorkflowDsl:Delivery</c>.</summary>
    public const string Section = "WorkflowDsl:Delivery";

    /// <summary>Email: SMTP or the pickup folder.</summary>
    public EmailOptions Email { get; set; } = new();

    /// <summary>SMS: Twilio or the outbox file.</summary>
    public SmsOptions Sms { get; set; } = new();

    /// <summary>Push: FCM or the outbox file.</summary>
    public PushOptions Push { get; set; } = new();

    /// <summary>Opens, clicks and unsubscribe links.</summary>
    public TrackingOptions Tracking { get; set; } = new();

    /// <summary>The limits of rendering one message (steps, nesting, output size, time).</summary>
    public Rendering.RenderingOptions Rendering { get; set; } = new();

    /// <summary>Every problem with the settings, each naming the setting and what to do; empty when valid.</summary>
    public IEnumerable<string> Validate() =>
        Email.Validate($"{Section}:Email")
            .Concat(Sms.Validate($"{Section}:Sms"))
            .Concat(Push.Validate($"{Section}:Push"))
            .Concat(Tracking.Validate($"{Section}:Tracking"))
            .Concat(Rendering.Validate($"{Section}:Rendering"));
}

/// <summary>Validates <see cref="DeliveryOptions"/> when the host starts.</summary>
internal sealed class DeliveryOptionsValidator : IValidateOptions<DeliveryOptions>
{
    public ValidateOptionsResult Validate(string? name, DeliveryOptions options)
    {
        var problems = options.Validate().ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}

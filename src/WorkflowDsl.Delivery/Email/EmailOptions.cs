using System.Net.Mail;
using WorkflowDsl.Delivery.Sending;

namespace WorkflowDsl.Delivery.Email;

/// <summary>How the SMTP connection is secured.</summary>
public enum SmtpSecurity
{
    /// <summary>TLS on connect for port 465, STARTTLS when the server offers it otherwise.</summary>
    Auto,
    /// <summary>STARTTLS, required (typical for port 587).</summary>
    StartTls,
    /// <summary>STARTTLS when the server offers it, plain otherwise.</summary>
    StartTlsWhenAvailable,
    /// <summary>TLS from the first byte (typical for port 465).</summary>
    SslOnConnect,
    /// <summary>No encryption (local relays and tests only).</summary>
    None,
}

/// <summary>Email delivery (section <c>WorkflowDsl:Delivery:Email</c>). Without <see cref="Smtp"/>
/// (no host), emails are written as .eml files to <see cref="PickupFolder"/>.</summary>
public sealed class EmailOptions
{
    /// <summary>Sender address, such as "learning@example.com". Required.</summary>
    public string FromAddress { get; set; } = "";

    /// <summary>Sender display name, such as "Learning platform".</summary>
    public string? FromName { get; set; }

    /// <summary>The SMTP server; leave its Host empty to write to the pickup folder.</summary>
    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>Folder for .eml files when no SMTP host is set. Default "outbox/email".</summary>
    public string PickupFolder { get; set; } = Path.Combine("outbox", "email");

    /// <summary>Retries of 4xx replies and dropped connections.</summary>
    public DeliveryRetryOptions Retry { get; set; } = new();

    /// <summary>True when an SMTP host is set.</summary>
    public bool UsesSmtp => !string.IsNullOrWhiteSpace(Smtp.Host);

    /// <summary>Problems with the values, each naming the setting and what to do; empty when valid.</summary>
    public IEnumerable<string> Validate(string section = "WorkflowDsl:Delivery:Email")
    {
        if (string.IsNullOrWhiteSpace(FromAddress) || !MailAddress.TryCreate(FromAddress, out _))
            yield return $"{section}:FromAddress '{FromAddress}' is not an email address: set the sender, such as learning@example.com.";
        if (UsesSmtp)
        {
            foreach (string p in Smtp.Validate(section + ":Smtp")) yield return p;
        }
        else if (string.IsNullOrWhiteSpace(PickupFolder))
        {
            yield return $"{section}:PickupFolder is empty and no Smtp:Host is set: set one of them.";
        }
        foreach (string p in Retry.Validate(section + ":Retry")) yield return p;
    }
}

/// <summary>The SMTP server (section <c>WorkflowDsl:Delivery:Email:Smtp</c>).</summary>
public sealed class SmtpOptions
{
    /// <summary>Host name or address. Empty: no SMTP, use the pickup folder.</summary>
    public string? Host { get; set; }

    /// <summary>Port. Default 587.</summary>
    public int Port { get; set; } = 587;

    /// <summary>Transport security. Default <see cref="SmtpSecurity.StartTls"/>.</summary>
    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

    /// <summary>User name for SMTP AUTH; empty for none.</summary>
    public string? UserName { get; set; }

    /// <summary>Password for SMTP AUTH.</summary>
    public string? Password { get; set; }

    /// <summary>Parallel connections, each reused for many messages. 1 to 32; default 2.</summary>
    public int Connections { get; set; } = 2;

    /// <summary>Timeout of one SMTP command. Default 30 seconds.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Accept any server certificate. For development relays only; never in production.</summary>
    public bool AcceptAnyCertificate { get; set; }

    /// <summary>Problems with the values, each naming the setting and what to do; empty when valid.</summary>
    public IEnumerable<string> Validate(string section)
    {
        if (Port is < 1 or > 65535) yield return $"{section}:Port is {Port}: use 1 to 65535 (587 for STARTTLS, 465 for SSL).";
        if (Connections is < 1 or > 32) yield return $"{section}:Connections is {Connections}: use 1 to 32.";
        if (Timeout <= TimeSpan.Zero || Timeout > TimeSpan.FromMinutes(10)) yield return $"{section}:Timeout is {Timeout}: use more than 0 and at most 00:10:00.";
        if (!string.IsNullOrEmpty(UserName) && string.IsNullOrEmpty(Password)) yield return $"{section}:UserName is set but Password is empty: set the password, or remove the user name for no authentication.";
    }
}

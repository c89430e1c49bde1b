using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using WorkflowDsl.Delivery.Sending;

namespace WorkflowDsl.Delivery.Email;

/// <summary>Sends email over SMTP with MailKit through a small pool of reused connections
/// (<see cref="SmtpOptions.Connections"/>): each connection is opened once and sends many messages; a
/// dropped connection is reopened on the next attempt. 4xx replies and connection failures are retried
/// by <see cref="EmailOptions.Retry"/>; 5xx replies are final. A refused recipient does not stop the others.</summary>
public sealed class SmtpEmailSender : ChannelSender<EmailMessage>, IAsyncDisposable
{
    private readonly EmailOptions _options;
    private readonly EmailComposer _composer;
    private readonly ResiliencePipeline<DeliveryResult> _retry;
    private readonly ILogger _log;
    private readonly System.Threading.Channels.Channel<RecipientTolerantSmtpClient> _idle;
    private readonly List<RecipientTolerantSmtpClient> _all = [];

    /// <summary>Creates the sender; connections open on first use.</summary>
    /// <exception cref="InvalidOperationException">The options are not valid; the message lists each problem.</exception>
    public SmtpEmailSender(EmailOptions options, EmailComposer composer, ILogger<SmtpEmailSender>? log = null)
    {
        var problems = options.Validate().ToList();
        if (!options.UsesSmtp) problems.Add("WorkflowDsl:Delivery:Email:Smtp:Host is not set: SmtpEmailSender needs it (use PickupFolderEmailSender otherwise).");
        if (problems.Count > 0) throw new InvalidOperationException(string.Join(Environment.NewLine, problems));
        _options = options;
        _composer = composer;
        _retry = options.Retry.BuildPipeline();
        _log = log ?? NullLogger<SmtpEmailSender>.Instance;
        _idle = System.Threading.Channels.Channel.CreateBounded<RecipientTolerantSmtpClient>(options.Smtp.Connections);
        for (int i = 0; i < options.Smtp.Connections; i++)
        {
            var client = NewClient();
            _all.Add(client);
            _idle.Writer.TryWrite(client);
        }
    }

    /// <inheritdoc/>
    public override Channel Channel => Channel.Email;

    /// <inheritdoc/>
    public override string Destination => $"smtp {_options.Smtp.Host}:{_options.Smtp.Port} ({_options.Smtp.Connections} connection{(_options.Smtp.Connections == 1 ? "" : "s")})";

    /// <inheritdoc/>
    public override async Task<DeliveryResult> SendAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        var mime = _composer.Compose(message);
        return await _retry.ExecuteAsync(async ct => (await AttemptAsync(mime, ct).ConfigureAwait(false)).Result, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One attempt, no back-off or wait (see <see cref="IChannelSender.SendOnceAsync"/>). The one
    /// exception costs no waiting: when a pooled connection that was open turns out to be dead (the server
    /// closed it while idle), the message is tried once more at once on a new connection.</summary>
    public override async Task<DeliveryResult> SendOnceAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        var mime = _composer.Compose(message);
        var (result, staleConnection) = await AttemptAsync(mime, cancellationToken).ConfigureAwait(false);
        if (staleConnection) (result, _) = await AttemptAsync(mime, cancellationToken).ConfigureAwait(false);
        return result;
    }

    // The result, and whether the failure was a connection that was open before this attempt and is now dropped.
    private async Task<(DeliveryResult Result, bool StaleConnection)> AttemptAsync(MimeKit.MimeMessage mime, CancellationToken cancellationToken)
    {
        var client = await _idle.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        bool reused = client.IsConnected;
        try
        {
            client.Refused.Clear();
            if (!client.IsConnected) await ConnectAsync(client, cancellationToken).ConfigureAwait(false);
            string response = await client.SendAsync(mime, cancellationToken).ConfigureAwait(false);
            _log.LogDebug("Sent {MessageId}: {Response}", mime.MessageId, response);
            return (new DeliveryResult.Sent($"<{mime.MessageId}>")
            {
                RefusedRecipients = client.Refused.Select(r => $"{r.Mailbox.Address}: {(int)r.Status} {r.Response}").ToList(),
            }, false);
        }
        catch (SmtpCommandException e)
        {
            // MailKit sends RSET after a refused command: the connection stays usable unless the server closed it (421).
            int code = (int)e.StatusCode;
            string reason = $"SMTP {code} {e.Message}";
            string providerCode = code.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (code is >= 400 and < 500) return (new DeliveryResult.FailedTransient(reason) { ProviderCode = providerCode }, false);
            return (e.ErrorCode == SmtpErrorCode.RecipientNotAccepted
                ? new DeliveryResult.InvalidAddress(reason) { ProviderCode = providerCode }
                : new DeliveryResult.FailedPermanent(reason) { ProviderCode = providerCode }, false);
        }
        catch (AuthenticationException e)
        {
            await DropAsync(client).ConfigureAwait(false);
            return (new DeliveryResult.FailedTransient($"SMTP authentication failed for user '{_options.Smtp.UserName}': check Email:Smtp:UserName and Password ({e.Message}).") { ProviderCode = "auth" }, false);
        }
        catch (NotSupportedException e)
        {
            await DropAsync(client).ConfigureAwait(false);
            return (new DeliveryResult.FailedTransient($"SMTP server {_options.Smtp.Host}:{_options.Smtp.Port} does not support what is configured ({e.Message}): check Email:Smtp:Security and the authentication settings.") { ProviderCode = "unsupported" }, false);
        }
        catch (Exception e) when (e is SmtpProtocolException or IOException or SocketException or ServiceNotConnectedException or SslHandshakeException
                                  or TimeoutException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            _log.LogWarning("SMTP connection to {Host}:{Port} failed ({Error}); it will be reopened.", _options.Smtp.Host, _options.Smtp.Port, e.Message);
            await DropAsync(client).ConfigureAwait(false);
            return (new DeliveryResult.FailedTransient($"SMTP connection to {_options.Smtp.Host}:{_options.Smtp.Port} failed: {e.Message}") { ProviderCode = "connection" }, reused);
        }
        finally
        {
            _idle.Writer.TryWrite(client);
        }
    }

    private async Task ConnectAsync(SmtpClient client, CancellationToken cancellationToken)
    {
        var smtp = _options.Smtp;
        var security = smtp.Security switch
        {
            SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
            SmtpSecurity.StartTlsWhenAvailable => SecureSocketOptions.StartTlsWhenAvailable,
            SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
            SmtpSecurity.None => SecureSocketOptions.None,
            _ => SecureSocketOptions.Auto,
        };
        await client.ConnectAsync(smtp.Host!, smtp.Port, security, cancellationToken).ConfigureAwait(false);
        if (!string.IsNullOrEmpty(smtp.UserName))
            await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? "", cancellationToken).ConfigureAwait(false);
    }

    private static async Task DropAsync(SmtpClient client)
    {
        try
        {
            if (client.IsConnected) await client.DisconnectAsync(quit: false).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The connection is already gone; the next attempt opens a new one.
        }
    }

    private RecipientTolerantSmtpClient NewClient()
    {
        var client = new RecipientTolerantSmtpClient { Timeout = (int)_options.Smtp.Timeout.TotalMilliseconds };
        if (_options.Smtp.AcceptAnyCertificate) client.ServerCertificateValidationCallback = (_, _, _, _) => true;
        return client;
    }

    /// <summary>Says QUIT on every open connection.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var client in _all)
        {
            try
            {
                if (client.IsConnected) await client.DisconnectAsync(quit: true).ConfigureAwait(false);
            }
            catch (Exception)
            {
                // Closing anyway.
            }
            client.Dispose();
        }
    }
}

using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Authentication;
using SmtpServer.Mail;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace WorkflowDsl.Delivery.Tests.Servers;

/// <summary>A real SMTP server (the SmtpServer package) on 127.0.0.1 that keeps every message it
/// accepts, with faults on demand: refuse chosen recipients with 550, answer 451 to the next N messages,
/// cut every connection at the next MAIL FROM (through a <see cref="TcpDropProxy"/>).</summary>
public sealed class TestSmtpServer : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly SmtpServer.SmtpServer _server;
    private readonly Task _running;
    private readonly TcpDropProxy _proxy;
    private int _transientLeft;
    private int _dropArmed;
    private int _dropAfterStoreArmed;

    public record Received(MimeMessage Message, IReadOnlyList<string> EnvelopeTo);

    public ConcurrentQueue<Received> Messages { get; } = new();
    public HashSet<string> RefusedRecipients { get; } = new(StringComparer.OrdinalIgnoreCase);
    public int TransientRefusals;
    public int PermanentRefusals;
    /// <summary>Messages whose subject contains this text get 554 at the end of DATA.</summary>
    public string? RejectSubjectsContaining { get; set; }
    public int Sessions;

    public TestSmtpServer(string? user = null, string? password = null, System.Security.Cryptography.X509Certificates.X509Certificate2? certificate = null, bool noDelay = true, bool implicitTls = false)
    {
        int port = FreePort();
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(b =>
            {
                b.Endpoint(new IPEndPoint(IPAddress.Loopback, port)).SessionTimeout(TimeSpan.FromMinutes(5));
                if (user is not null) b.AuthenticationRequired().AllowUnsecureAuthentication();
                if (certificate is not null) b.Certificate(certificate).IsSecure(implicitTls); // STARTTLS, or TLS from the first byte
            })
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(this));
        services.Add(new Filter(this));
        if (noDelay) services.Add(new NoDelayEndpointListenerFactory());
        if (user is not null) services.Add(new DelegatingUserAuthenticator((_, u, p) => u == user && p == password));
        _server = new SmtpServer.SmtpServer(options, services);
        _server.SessionCreated += (_, _) => Interlocked.Increment(ref Sessions);
        _running = _server.StartAsync(_stop.Token);
        DirectPort = port;
        _proxy = new TcpDropProxy(new IPEndPoint(IPAddress.Loopback, port));
    }

    /// <summary>The server's own port.</summary>
    public int DirectPort { get; }

    /// <summary>The port to connect to (the drop proxy).</summary>
    public int Port => _proxy.Port;

    public int Drops => _proxy.Drops;

    /// <summary>The next <paramref name="count"/> messages get 451 at the end of DATA.</summary>
    public void FailNextTransiently(int count) => Volatile.Write(ref _transientLeft, count);

    /// <summary>Every connection is cut right after the next message is stored, before the 250 reply
    /// leaves: the client cannot know the message arrived.</summary>
    public void DropAfterNextStore() => Volatile.Write(ref _dropAfterStoreArmed, 1);

    /// <summary>Every connection is cut when the next MAIL FROM arrives (nothing of that message is kept).</summary>
    public void DropAtNextMailFrom() => Volatile.Write(ref _dropArmed, 1);

    private static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        int port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    private sealed class Store(TestSmtpServer owner) : MessageStore
    {
        public override Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            if (Interlocked.Decrement(ref owner._transientLeft) >= 0)
            {
                Interlocked.Increment(ref owner.TransientRefusals);
                return Task.FromResult(new SmtpResponse((SmtpReplyCode)451, "4.3.0 Try again later"));
            }
            using var stream = new MemoryStream(buffer.ToArray());
            var message = MimeMessage.Load(stream);
            if (owner.RejectSubjectsContaining is { } reject && (message.Subject ?? "").Contains(reject, StringComparison.Ordinal))
            {
                Interlocked.Increment(ref owner.PermanentRefusals);
                return Task.FromResult(new SmtpResponse(SmtpReplyCode.TransactionFailed, "5.7.1 Message rejected as spam"));
            }
            owner.Messages.Enqueue(new Received(message, transaction.To.Select(m => $"{m.User}@{m.Host}").ToList()));
            if (Interlocked.Exchange(ref owner._dropAfterStoreArmed, 0) == 1)
            {
                owner._proxy.DropAll();
                throw new SmtpResponseException(new SmtpResponse(SmtpReplyCode.ServiceClosingTransmissionChannel, "bye"), quit: true);
            }
            return Task.FromResult(SmtpResponse.Ok);
        }
    }

    private sealed class Filter(TestSmtpServer owner) : IMailboxFilter
    {
        public Task<bool> CanAcceptFromAsync(ISessionContext context, IMailbox from, int size, CancellationToken cancellationToken)
        {
            if (Interlocked.Exchange(ref owner._dropArmed, 0) == 1)
            {
                owner._proxy.DropAll();
                throw new SmtpResponseException(new SmtpResponse(SmtpReplyCode.ServiceClosingTransmissionChannel, "bye"), quit: true);
            }
            return Task.FromResult(true);
        }

        public Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken) =>
            Task.FromResult(!owner.RefusedRecipients.Contains($"{to.User}@{to.Host}"));
    }

    public async ValueTask DisposeAsync()
    {
        await _proxy.DisposeAsync();
        _stop.Cancel();
        _server.Shutdown();
        try { await Task.WhenAny(_running, Task.Delay(TimeSpan.FromSeconds(5))); } catch (Exception) { }
    }
}

using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using WorkflowDsl.Delivery.Email;
using WorkflowDsl.Delivery.Sending;
using WorkflowDsl.Delivery.Tests.Servers;
using static WorkflowDsl.Delivery.Tests.Email.EmailTestData;

namespace WorkflowDsl.Delivery.Tests.Email;

public sealed class SmtpStartTlsTests : IAsyncLifetime
{
    internal static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(System.Net.IPAddress.Loopback);
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(cert.Export(X509ContentType.Pkcs12), null);
    }

    private readonly TestSmtpServer _server = new(user: "mailer", password: "s3cret", certificate: SelfSigned());

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await _server.DisposeAsync();

    private EmailOptions TlsOptions(bool acceptAny)
    {
        var options = Options(_server.Port, attempts: 1);
        options.Smtp.Security = SmtpSecurity.StartTls;
        options.Smtp.AcceptAnyCertificate = acceptAny;
        options.Smtp.UserName = "mailer";
        options.Smtp.Password = "s3cret";
        return options;
    }

    [Fact]
    public async Task Starttls_then_authentication_then_the_message()
    {
        await using var sender = Sender(TlsOptions(acceptAny: true));

        Assert.IsType<DeliveryResult.Sent>(await sender.SendAsync(Message("m1", "aino@example.com")));
        Assert.Single(_server.Messages);
    }

    [Fact]
    public async Task An_untrusted_certificate_is_refused_and_nothing_is_sent()
    {
        await using var sender = Sender(TlsOptions(acceptAny: false));

        var failed = Assert.IsType<DeliveryResult.FailedTransient>(await sender.SendAsync(Message("m1", "aino@example.com")));

        Assert.Contains("127.0.0.1", failed.Reason);
        Assert.Empty(_server.Messages);
    }
}

public sealed class SmtpWithoutTlsTests : IAsyncLifetime
{
    private readonly TestSmtpServer _server = new();

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Requiring_starttls_from_a_server_without_it_names_the_setting()
    {
        var options = Options(_server.Port, attempts: 1);
        options.Smtp.Security = SmtpSecurity.StartTls;
        await using var sender = Sender(options);

        var failed = Assert.IsType<DeliveryResult.FailedTransient>(await sender.SendAsync(Message("m1", "aino@example.com")));

        Assert.Contains("Email:Smtp:Security", failed.Reason);
        Assert.Empty(_server.Messages);
    }
}

public sealed class SmtpSslOnConnectTests : IAsyncLifetime
{
    private readonly TestSmtpServer _server = new(certificate: SmtpStartTlsTests.SelfSigned(), implicitTls: true);

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Ssl_on_connect_speaks_tls_from_the_first_byte()
    {
        var options = Options(_server.Port, attempts: 1);
        options.Smtp.Security = SmtpSecurity.SslOnConnect;
        options.Smtp.AcceptAnyCertificate = true;
        await using var sender = Sender(options);

        Assert.IsType<DeliveryResult.Sent>(await sender.SendAsync(Message("m1", "aino@example.com")));
        Assert.Single(_server.Messages);
    }
}

using MimeKit;
using WorkflowDsl.Delivery.Email;
using WorkflowDsl.Delivery.Sending;
using WorkflowDsl.Delivery.Tests.Servers;
using WorkflowDsl.Delivery.Tracking;
using static WorkflowDsl.Delivery.Tests.Email.EmailTestData;

namespace WorkflowDsl.Delivery.Tests.Email;

public sealed class SmtpEmailSenderTests : IAsyncLifetime
{
    private readonly TestSmtpServer _server = new();

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task An_email_arrives_with_both_parts_unsubscribe_headers_and_tracked_links()
    {
        await using var sender = Sender(Options(_server.Port));

        var result = await sender.SendAsync(Message("m1", "aino@example.com"));

        var sent = Assert.IsType<DeliveryResult.Sent>(result);
        Assert.Equal("<wfdsl.m1@example.com>", sent.ProviderId);
        var received = Assert.Single(_server.Messages);
        var mime = received.Message;
        Assert.Equal(["aino@example.com"], received.EnvelopeTo);
        Assert.Equal("aino@example.com", Assert.Single(mime.To.Mailboxes).Address);
        Assert.Equal("learning@example.com", Assert.Single(mime.From.Mailboxes).Address);
        Assert.Equal("You are invited: Security awareness <basics> & phishing", mime.Subject);
        Assert.Equal("multipart/alternative", mime.Body!.ContentType.MimeType);
        Assert.Contains("Hello Aino", mime.TextBody);
        Assert.Contains("Hello Aino", mime.HtmlBody);
        string unsubscribe = mime.Headers["List-Unsubscribe"]!;
        Assert.Matches("^<https://t.example.com/u/[A-Za-z0-9_-]+>$", unsubscribe);
        Assert.Equal("List-Unsubscribe=One-Click", mime.Headers["List-Unsubscribe-Post"]);
        Assert.DoesNotContain("href=\"https://learn.example.com", mime.HtmlBody);
        Assert.Contains("href=\"https://t.example.com/t/c/", mime.HtmlBody);
        Assert.Contains("<img src=\"https://t.example.com/t/o/", mime.HtmlBody);
        Assert.Contains("(https://t.example.com/t/c/", mime.TextBody);

        var links = new TrackingLinks(EmailTestData.Tracking);
        string clickToken = mime.HtmlBody!.Split("/t/c/")[1].Split('"')[0];
        Assert.True(links.Tokens.TryVerify(clickToken, out var click));
        Assert.Equal(new TrackingPayload(TrackingKind.Click, "m1", "user-m1", "https://learn.example.com/c/SEC-101"), click);
        Assert.True(links.Tokens.TryVerify(unsubscribe.Split("/u/")[1].TrimEnd('>'), out var unsub));
        Assert.Equal(TrackingKind.Unsubscribe, unsub!.Kind);
    }

    [Fact]
    public async Task One_connection_is_reused_for_many_messages()
    {
        await using var sender = Sender(Options(_server.Port, connections: 1));

        for (int i = 0; i < 10; i++) Assert.IsType<DeliveryResult.Sent>(await sender.SendAsync(Message($"m{i}", "a@example.com")));

        Assert.Equal(10, _server.Messages.Count);
        Assert.Equal(1, _server.Sessions);
    }

    [Fact]
    public async Task Parallel_sends_use_at_most_the_configured_connections()
    {
        await using var sender = Sender(Options(_server.Port, connections: 3));

        var results = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => sender.SendAsync(Message($"m{i}", "a@example.com"))));

        Assert.All(results, r => Assert.IsType<DeliveryResult.Sent>(r));
        Assert.Equal(30, _server.Messages.Count);
        Assert.InRange(_server.Sessions, 1, 3);
    }

    [Fact]
    public async Task A_refused_recipient_does_not_stop_the_others()
    {
        _server.RefusedRecipients.Add("gone@example.com");
        await using var sender = Sender(Options(_server.Port));

        var result = await sender.SendAsync(Message("m1", "aino@example.com", "gone@example.com", "bob@example.com"));

        var sent = Assert.IsType<DeliveryResult.Sent>(result);
        Assert.Contains("gone@example.com: 550", Assert.Single(sent.RefusedRecipients));
        Assert.Equal(["aino@example.com", "bob@example.com"], Assert.Single(_server.Messages).EnvelopeTo);
    }

    [Fact]
    public async Task A_message_whose_only_recipient_is_refused_is_an_invalid_address_and_the_connection_goes_on()
    {
        _server.RefusedRecipients.Add("gone@example.com");
        await using var sender = Sender(Options(_server.Port));

        var refused = await sender.SendAsync(Message("m1", "gone@example.com"));
        var next = await sender.SendAsync(Message("m2", "aino@example.com"));

        Assert.Contains("550", Assert.IsType<DeliveryResult.InvalidAddress>(refused).Reason);
        Assert.IsType<DeliveryResult.Sent>(next);
        Assert.Single(_server.Messages);
        Assert.Equal(1, _server.Sessions);
    }

    [Fact]
    public async Task A_4xx_reply_is_retried_until_the_server_recovers()
    {
        _server.FailNextTransiently(2);
        await using var sender = Sender(Options(_server.Port, attempts: 4));

        var result = await sender.SendAsync(Message("m1", "aino@example.com"));

        Assert.IsType<DeliveryResult.Sent>(result);
        Assert.Equal(2, _server.TransientRefusals);
        Assert.Single(_server.Messages);
    }

    [Fact]
    public async Task A_4xx_reply_that_outlasts_the_retries_is_a_transient_failure()
    {
        _server.FailNextTransiently(5);
        await using var sender = Sender(Options(_server.Port, attempts: 2));

        var result = await sender.SendAsync(Message("m1", "aino@example.com"));

        Assert.Contains("451", Assert.IsType<DeliveryResult.FailedTransient>(result).Reason);
        Assert.Equal(2, _server.TransientRefusals);
        Assert.Empty(_server.Messages);
    }

    [Fact]
    public async Task A_5xx_reply_to_the_message_is_permanent_and_not_retried()
    {
        _server.RejectSubjectsContaining = "invited";
        await using var sender = Sender(Options(_server.Port, attempts: 4));

        var result = await sender.SendAsync(Message("m1", "aino@example.com"));

        Assert.Contains("554", Assert.IsType<DeliveryResult.FailedPermanent>(result).Reason);
        Assert.Equal(1, _server.PermanentRefusals);
        Assert.Empty(_server.Messages);
    }

    [Fact]
    public async Task A_server_that_drops_the_connection_mid_batch_gets_every_message_exactly_once()
    {
        // One connection, so no other message can be between "stored" and "250 received" when the
        // connection is cut: that window is the documented at-least-once case (docs/delivery.md).
        await using var sender = Sender(Options(_server.Port, connections: 1));
        for (int i = 0; i < 5; i++) await sender.SendAsync(Message($"m{i}", "a@example.com"));

        _server.DropAtNextMailFrom();
        var results = await Task.WhenAll(Enumerable.Range(5, 15).Select(i => sender.SendAsync(Message($"m{i}", "a@example.com"))));

        Assert.All(results, r => Assert.IsType<DeliveryResult.Sent>(r));
        Assert.Equal(1, _server.Drops);
        var ids = _server.Messages.Select(m => m.Message.MessageId).ToList();
        Assert.Equal(20, ids.Count);
        Assert.Equal(20, ids.Distinct().Count());
        Assert.True(_server.Sessions > 1);
    }

    [Fact]
    public async Task A_connection_cut_after_the_server_stored_the_message_sends_it_again_with_the_same_message_id()
    {
        await using var sender = Sender(Options(_server.Port, connections: 1));
        _server.DropAfterNextStore();

        var result = await sender.SendAsync(Message("m1", "aino@example.com"));

        // The documented at-least-once window: SMTP has no idempotency key, so the retry delivers a
        // second copy; its Message-Id is the same, so receivers and audits can tell.
        Assert.IsType<DeliveryResult.Sent>(result);
        Assert.Equal(["<wfdsl.m1@example.com>", "<wfdsl.m1@example.com>"], _server.Messages.Select(m => "<" + m.Message.MessageId + ">"));
    }

    [Fact]
    public async Task Nothing_listening_is_a_transient_failure_naming_the_server()
    {
        int port = _server.DirectPort;
        await _server.DisposeAsync();
        await using var sender = Sender(Options(port, attempts: 2));

        var result = await sender.SendAsync(Message("m1", "aino@example.com"));

        Assert.Contains($"127.0.0.1:{port}", Assert.IsType<DeliveryResult.FailedTransient>(result).Reason);
    }
}

public sealed class SmtpAuthenticationTests : IAsyncLifetime
{
    private readonly TestSmtpServer _server = new(user: "mailer", password: "s3cret");

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task The_sender_authenticates_with_the_configured_user()
    {
        var options = Options(_server.Port);
        options.Smtp.UserName = "mailer";
        options.Smtp.Password = "s3cret";
        await using var sender = Sender(options);

        Assert.IsType<DeliveryResult.Sent>(await sender.SendAsync(Message("m1", "aino@example.com")));
        Assert.Single(_server.Messages);
    }

    [Fact]
    public async Task A_wrong_password_is_reported_naming_the_settings()
    {
        var options = Options(_server.Port, attempts: 1);
        options.Smtp.UserName = "mailer";
        options.Smtp.Password = "wrong";
        await using var sender = Sender(options);

        var result = await sender.SendAsync(Message("m1", "aino@example.com"));

        Assert.Contains("Email:Smtp:UserName and Password", Assert.IsType<DeliveryResult.FailedTransient>(result).Reason);
        Assert.Empty(_server.Messages);
    }
}

public class PickupFolderEmailSenderTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "wfdsl-pickup-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Without_smtp_emails_are_written_once_as_eml_files()
    {
        var options = new EmailOptions { FromAddress = "learning@example.com", PickupFolder = _folder };
        var sender = new PickupFolderEmailSender(options, new EmailComposer(options));

        var first = await sender.SendAsync(Message("m/1", "aino@example.com"));
        var again = await sender.SendAsync(Message("m/1", "aino@example.com"));

        string file = Assert.Single(Directory.GetFiles(_folder));
        Assert.Equal(Path.Combine(_folder, "wfdsl.m_1.eml"), file);
        Assert.Equal(file, Assert.IsType<DeliveryResult.Sent>(first).ProviderId);
        Assert.Equal(file, Assert.IsType<DeliveryResult.Sent>(again).ProviderId);
        var mime = await MimeMessage.LoadAsync(file);
        Assert.Equal("aino@example.com", Assert.Single(mime.To.Mailboxes).Address);
        Assert.NotNull(mime.TextBody);
        Assert.NotNull(mime.HtmlBody);
        Assert.Contains("pickup folder", sender.Destination);
    }

    [Fact]
    public void Invalid_options_are_refused_at_start_naming_each_value()
    {
        var options = new EmailOptions { FromAddress = "not an address", Smtp = new SmtpOptions { Host = "mail", Port = 0, Connections = 99 } };

        var e = Assert.Throws<InvalidOperationException>(() => new SmtpEmailSender(options, new EmailComposer(options)));

        Assert.Contains("Email:FromAddress 'not an address'", e.Message);
        Assert.Contains("Smtp:Port is 0", e.Message);
        Assert.Contains("Smtp:Connections is 99", e.Message);
    }
}

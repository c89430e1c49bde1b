using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using WorkflowDsl.Delivery.Tests.Servers;
using WorkflowDsl.Delivery.Tracking;

namespace WorkflowDsl.Delivery.Tests.Tracking;

public sealed class RecordingSink : ITrackingSink
{
    public ConcurrentQueue<TrackingEvent> Events { get; } = new();

    public Task RecordAsync(TrackingEvent trackingEvent, CancellationToken cancellationToken)
    {
        Events.Enqueue(trackingEvent);
        return Task.CompletedTask;
    }
}

public class TrackingTokenTests
{
    internal static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);
    private readonly TrackingTokens _tokens = new(Key);

    [Fact]
    public void A_token_verifies_to_its_payload()
    {
        var payload = new TrackingPayload(TrackingKind.Click, "msg-1", "user-7", "https://learn.example.com/c/SEC-101?x=1&y=ä");

        string token = _tokens.Issue(payload);

        Assert.Matches("^[A-Za-z0-9_-]+$", token);
        Assert.True(_tokens.TryVerify(token, out var verified));
        Assert.Equal(payload, verified);
    }

    [Fact]
    public void A_tampered_token_is_rejected_whatever_character_changes()
    {
        string token = _tokens.Issue(new TrackingPayload(TrackingKind.Open, "msg-1", "user-7"));

        for (int i = 0; i < token.Length; i++)
        {
            char replacement = token[i] == 'A' ? 'B' : 'A';
            string tampered = token[..i] + replacement + token[(i + 1)..];
            Assert.False(_tokens.TryVerify(tampered, out _), $"changed at {i}");
        }
        Assert.False(_tokens.TryVerify(token[..^1], out _));
        Assert.False(_tokens.TryVerify(token + "A", out _));
    }

    [Fact]
    public void Guessed_tokens_and_tokens_of_another_key_are_rejected()
    {
        var other = new TrackingTokens(RandomNumberGenerator.GetBytes(32));
        Assert.False(_tokens.TryVerify(other.Issue(new TrackingPayload(TrackingKind.Open, "msg-1", "user-7")), out _));
        for (int i = 0; i < 200; i++)
            Assert.False(_tokens.TryVerify(Convert.ToBase64String(RandomNumberGenerator.GetBytes(20 + i)).Replace('+', '-').Replace('/', '_').TrimEnd('='), out _));
        Assert.False(_tokens.TryVerify("not base64 !", out _));
        Assert.False(_tokens.TryVerify("", out _));
        Assert.False(_tokens.TryVerify(new string('A', TrackingTokens.MaxTokenLength + 4), out _));
    }

    [Fact]
    public void A_short_key_is_refused_with_what_to_do()
    {
        var e = Assert.Throws<ArgumentException>(() => new TrackingTokens(new byte[16]));
        Assert.Contains("at least 32", e.Message);
    }

    [Fact]
    public void Links_in_html_are_rewritten_and_a_pixel_is_added()
    {
        var links = new TrackingLinks(new TrackingOptions { BaseUrl = "https://t.example.com/", SigningKey = Convert.ToBase64String(Key) });
        string html = "<p><a href=\"https://learn.example.com/c/1?a=1&amp;b=2\">A</a> <a href='mailto:x@example.com'>M</a> <a href=\"https://t.example.com/u/abc\">U</a></p>";

        string tracked = links.Apply(html, "msg-1", "user-7");

        Assert.Contains("href=\"https://t.example.com/t/c/", tracked);
        Assert.Contains("href='mailto:x@example.com'", tracked);
        Assert.Contains("href=\"https://t.example.com/u/abc\"", tracked);
        Assert.Contains("<img src=\"https://t.example.com/t/o/", tracked);
        string token = tracked.Split("/t/c/")[1].Split('"')[0];
        Assert.True(links.Tokens.TryVerify(token, out var payload));
        Assert.Equal("https://learn.example.com/c/1?a=1&b=2", payload!.Url);
    }
}

public sealed class TrackingEndpointTests : IAsyncLifetime
{
    private readonly RecordingSink _sink = new();
    private LocalWebHost _host = null!;
    private HttpClient _http = null!;
    private TrackingLinks _links = null!;

    public async Task InitializeAsync()
    {
        var options = new TrackingOptions { BaseUrl = "http://127.0.0.1", SigningKey = Convert.ToBase64String(TrackingTokenTests.Key) };
        _host = await LocalWebHost.StartAsync(
            s => s.AddSingleton(new TrackingLinks(options)).AddSingleton<ITrackingSink>(_sink),
            app => app.MapWorkflowTracking());
        _links = _host.Services.GetRequiredService<TrackingLinks>();
        _http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = _host.Address };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _host.DisposeAsync();
    }

    private string PathOf(string url) => new Uri(url).PathAndQuery;

    [Fact]
    public async Task The_pixel_records_an_open_and_answers_an_uncached_gif()
    {
        var response = await _http.GetAsync(PathOf(_links.OpenPixelUrl("msg-1", "user-7")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/gif", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("no-store", response.Headers.CacheControl!.ToString());
        byte[] gif = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal("GIF89a", System.Text.Encoding.ASCII.GetString(gif, 0, 6));
        var recorded = Assert.Single(_sink.Events);
        Assert.Equal((TrackingKind.Open, "msg-1", "user-7"), (recorded.Kind, recorded.MessageId, recorded.UserId));
    }

    [Fact]
    public async Task A_click_records_and_redirects_only_to_the_url_inside_the_token()
    {
        var response = await _http.GetAsync(PathOf(_links.ClickUrl("msg-1", "user-7", "https://learn.example.com/c/SEC-101")) + "?url=https://evil.example.net/");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("https://learn.example.com/c/SEC-101", response.Headers.Location!.ToString());
        Assert.Equal("https://learn.example.com/c/SEC-101", Assert.Single(_sink.Events).Url);
    }

    [Fact]
    public async Task Bad_tokens_get_404_and_record_nothing()
    {
        string click = _links.ClickUrl("msg-1", "user-7", "https://learn.example.com/c/1");
        string tampered = click[..^3] + (click[^3] == 'A' ? "B" : "A") + click[^2..];
        string openToken = _links.OpenPixelUrl("msg-1", "user-7").Split("/t/o/")[1].Replace(".gif", "");

        foreach (string path in new[] { PathOf(tampered), "/t/c/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "/t/o/garbage.gif", $"/t/c/{openToken}", "/u/xyz" })
            Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.PostAsync($"/u/{openToken}", new StringContent(""))).StatusCode);
        Assert.Empty(_sink.Events);
    }

    [Fact]
    public async Task One_click_unsubscribe_answers_200_without_redirect_every_time()
    {
        string path = PathOf(_links.UnsubscribeUrl("msg-1", "user-7"));
        var form = () => new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]);

        var first = await _http.PostAsync(path, form());
        var second = await _http.PostAsync(path, form());

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Null(first.Headers.Location);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.All(_sink.Events, e => Assert.Equal((TrackingKind.Unsubscribe, "user-7"), (e.Kind, e.UserId)));
    }

    [Fact]
    public async Task Fetching_the_unsubscribe_link_shows_a_form_and_records_nothing()
    {
        var response = await _http.GetAsync(PathOf(_links.UnsubscribeUrl("msg-1", "user-7")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<form method=\"post\">", await response.Content.ReadAsStringAsync());
        Assert.Empty(_sink.Events);
    }
}

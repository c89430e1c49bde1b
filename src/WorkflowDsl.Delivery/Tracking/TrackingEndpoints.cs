using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace WorkflowDsl.Delivery.Tracking;

/// <summary>The HTTP endpoints behind tracking links.</summary>
public static class TrackingEndpoints
{
    private static readonly byte[] TransparentGif = Convert.FromBase64String("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");

    /// <summary>Maps <c>GET /t/o/{token}.gif</c> (records an open, answers a 1×1 GIF, <c>Cache-Control:
    /// no-store</c>), <c>GET /t/c/{token}</c> (records a click, redirects to the URL inside the token — never
    /// anywhere else), <c>GET /u/{token}</c> (a page with an unsubscribe button, records nothing, since link
    /// scanners fetch links) and <c>POST /u/{token}</c> (RFC 8058 one-click unsubscribe: records it and
    /// answers 200 without redirect, every time). A token that does not verify gets 404 and records nothing.
    /// A write that fails (a busy database) is tried again twice, after 250 ms and 1 s; if it still fails,
    /// an open or click is logged and not recorded (the reader still gets the image or the redirect), and
    /// an unsubscribe answers 503 with <c>Retry-After</c> and a page that says nothing was recorded and to
    /// press the button again; nothing is recorded in part.
    /// Needs <see cref="TrackingLinks"/> and an <see cref="ITrackingSink"/> in the services.</summary>
    public static RouteGroupBuilder MapWorkflowTracking(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("");
        group.MapGet("/t/o/{token}.gif", async (string token, HttpContext http) =>
        {
            if (!Verify(http, token, TrackingKind.Open, out var payload)) return Results.NotFound();
            await RecordQuietly(http, payload!).ConfigureAwait(false);
            NoStore(http);
            return Results.Bytes(TransparentGif, "image/gif");
        });
        group.MapGet("/t/c/{token}", async (string token, HttpContext http) =>
        {
            if (!Verify(http, token, TrackingKind.Click, out var payload) ||
                !Uri.TryCreate(payload!.Url, UriKind.Absolute, out var target) ||
                (target.Scheme != Uri.UriSchemeHttp && target.Scheme != Uri.UriSchemeHttps))
                return Results.NotFound();
            await RecordQuietly(http, payload).ConfigureAwait(false);
            NoStore(http);
            return Results.Redirect(target.AbsoluteUri, permanent: false);
        });
        group.MapGet("/u/{token}", (string token, HttpContext http) =>
        {
            if (!Verify(http, token, TrackingKind.Unsubscribe, out _)) return Results.NotFound();
            NoStore(http);
            return Results.Content(UnsubscribePage("<p>Stop receiving training reminders?</p>"), "text/html; charset=utf-8");
        });
        group.MapPost("/u/{token}", async (string token, HttpContext http) =>
        {
            if (!Verify(http, token, TrackingKind.Unsubscribe, out var payload)) return Results.NotFound();
            NoStore(http);
            if (await RecordAsync(http, payload!).ConfigureAwait(false))
                return Results.Content("You are unsubscribed: you will receive no more of these messages.", "text/plain; charset=utf-8");
            http.Response.Headers.RetryAfter = "60";
            return Results.Content(UnsubscribePage(
                "<p role=\"alert\">We could not record your unsubscribe just now because the service is busy. Nothing was changed. Please press the button again in a minute.</p>"),
                "text/html; charset=utf-8", statusCode: StatusCodes.Status503ServiceUnavailable);
        }).DisableAntiforgery();
        return group;
    }

    private static bool Verify(HttpContext http, string token, TrackingKind kind, out TrackingPayload? payload)
    {
        var links = http.RequestServices.GetRequiredService<TrackingLinks>();
        return links.Tokens.TryVerify(token, out payload) && payload!.Kind == kind;
    }

    private static ITrackingSink Sink(HttpContext http) => http.RequestServices.GetRequiredService<ITrackingSink>();

    private static TrackingEvent Event(HttpContext http, TrackingPayload payload)
    {
        var clock = http.RequestServices.GetService<TimeProvider>() ?? TimeProvider.System;
        string? agent = http.Request.Headers.UserAgent.ToString();
        return new TrackingEvent(payload.Kind, payload.MessageId, payload.UserId, payload.Url, clock.GetUtcNow(), string.IsNullOrEmpty(agent) ? null : agent);
    }

    private static string UnsubscribePage(string message) =>
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Unsubscribe</title></head><body>" + message +
        "<form method=\"post\"><input type=\"hidden\" name=\"List-Unsubscribe\" value=\"One-Click\">" +
        "<button type=\"submit\">Unsubscribe</button></form></body></html>";

    // An open or click that cannot be stored must not break the reader's email or link.
    private static Task RecordQuietly(HttpContext http, TrackingPayload payload) => RecordAsync(http, payload);

    /// <summary>The waits before the second and third attempt of a tracking write.</summary>
    private static readonly TimeSpan[] RetryDelays = [TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(1)];

    /// <summary>Records the event, trying again after <see cref="RetryDelays"/> when the write fails (a busy
    /// database); false, with a warning logged, when every attempt failed.</summary>
    private static async Task<bool> RecordAsync(HttpContext http, TrackingPayload payload)
    {
        var trackingEvent = Event(http, payload);
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                await Sink(http).RecordAsync(trackingEvent, http.RequestAborted).ConfigureAwait(false);
                return true;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                var logger = http.RequestServices.GetService<ILoggerFactory>()?.CreateLogger(typeof(TrackingEndpoints));
                if (attempt < RetryDelays.Length)
                {
                    logger?.LogInformation("Recording {Kind} of message {MessageId} failed ({Reason}); trying again in {Delay} ms",
                        payload.Kind, payload.MessageId, e.GetBaseException().Message, RetryDelays[attempt].TotalMilliseconds);
                    await Task.Delay(RetryDelays[attempt], http.RequestAborted).ConfigureAwait(false);
                    continue;
                }
                logger?.LogWarning(e, "Could not record {Kind} of message {MessageId} after {Attempts} attempts", payload.Kind, payload.MessageId, attempt + 1);
                return false;
            }
        }
    }

    private static void NoStore(HttpContext http)
    {
        http.Response.Headers.CacheControl = "no-store, no-cache, must-revalidate";
        http.Response.Headers.Pragma = "no-cache";
    }
}

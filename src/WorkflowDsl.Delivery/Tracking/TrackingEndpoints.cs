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
            return Results.Content(
                "<!doctype html><html><head><meta charset=\"utf-8\"><title>Unsubscribe</title></head><body>" +
                "<form method=\"post\"><input type=\"hidden\" name=\"List-Unsubscribe\" value=\"One-Click\">" +
                "<p>Stop receiving training reminders?</p><button type=\"submit\">Unsubscribe</button></form></body></html>",
                "text/html; charset=utf-8");
        });
        group.MapPost("/u/{token}", async (string token, HttpContext http) =>
        {
            if (!Verify(http, token, TrackingKind.Unsubscribe, out var payload)) return Results.NotFound();
            await Sink(http).RecordAsync(Event(http, payload!), http.RequestAborted).ConfigureAwait(false);
            NoStore(http);
            return Results.Content("You are unsubscribed: you will receive no more of these messages.", "text/plain; charset=utf-8");
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

    // An open or click that cannot be stored must not break the reader's email or link.
    private static async Task RecordQuietly(HttpContext http, TrackingPayload payload)
    {
        try
        {
            await Sink(http).RecordAsync(Event(http, payload), http.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            http.RequestServices.GetService<ILoggerFactory>()?.CreateLogger(typeof(TrackingEndpoints))
                .LogWarning(e, "Could not record {Kind} of message {MessageId}", payload.Kind, payload.MessageId);
        }
    }

    private static void NoStore(HttpContext http)
    {
        http.Response.Headers.CacheControl = "no-store, no-cache, must-revalidate";
        http.Response.Headers.Pragma = "no-cache";
    }
}

namespace WorkflowDsl.Delivery.Sending;

/// <summary>Sends every request to a configured base address (scheme, host and port; the path is kept),
/// so an SDK that builds its own URLs reaches a local test server or a proxy. Also notes the
/// <c>Retry-After</c> of a response for <see cref="RetryAfterProbe"/>.</summary>
internal sealed class BaseAddressRewriteHandler(Uri baseAddress, HttpMessageHandler inner) : DelegatingHandler(inner)
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is { } uri)
        {
            var builder = new UriBuilder(uri) { Scheme = baseAddress.Scheme, Host = baseAddress.Host, Port = baseAddress.Port };
            request.RequestUri = builder.Uri;
        }
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        RetryAfterProbe.Note(response);
        return response;
    }
}

/// <summary>Carries a response's Retry-After out of an SDK that does not expose it: set
/// <see cref="Start"/> before the call; the handler below fills it in.</summary>
internal static class RetryAfterProbe
{
    private static readonly AsyncLocal<Box?> Current = new();

    public sealed class Box
    {
        public TimeSpan? RetryAfter;
    }

    public static Box Start()
    {
        var box = new Box();
        Current.Value = box;
        return box;
    }

    public static void Note(HttpResponseMessage response)
    {
        if (Current.Value is { } box) box.RetryAfter = RetryAfterOf(response);
    }

    /// <summary>The Retry-After of <paramref name="response"/> as a wait, if it has one.</summary>
    public static TimeSpan? RetryAfterOf(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta) return delta;
        if (header?.Date is { } date) return date - DateTimeOffset.UtcNow is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        return null;
    }
}

using System.Net.Http.Headers;

namespace Verge.Net.Links;

/// <summary>
/// The transport side of an <see cref="EmulatedLink"/>: buffers each request and response body so its real size is
/// known, and holds it for the link's delay before passing it on. Unary gRPC calls only (bodies are buffered whole).
/// </summary>
internal sealed class LinkShapingHandler(EmulatedLink link, HttpMessageHandler inner) : DelegatingHandler(inner)
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        if (request.Content is { } content)
        {
            var body = await content.ReadAsByteArrayAsync(ct);
            request.Content = Rewrap(body, content.Headers);
            await link.ShapeAsync(LinkDirection.Up, body.Length, ct);
        }

        var response = await base.SendAsync(request, ct);
        var received = await response.Content.ReadAsByteArrayAsync(ct);
        response.Content = Rewrap(received, response.Content.Headers);
        await link.ShapeAsync(LinkDirection.Down, received.Length, ct);
        return response;
    }

    private static ByteArrayContent Rewrap(byte[] body, HttpContentHeaders headers)
    {
        var copy = new ByteArrayContent(body);
        foreach (var h in headers)
            if (!h.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                copy.Headers.TryAddWithoutValidation(h.Key, h.Value);
        return copy;
    }
}

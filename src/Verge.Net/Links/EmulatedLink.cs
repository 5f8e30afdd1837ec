using System.Net.Http.Headers;

namespace Verge.Net.Links;

/// <summary>
/// Shapes one hop in the gRPC client's transport, so experiments on loopback see the spec'd network: every
/// request body and every response body is held for RTT/2 + bytes/bandwidth (see <see cref="LinkShaper"/>).
/// It counts the real bytes of each body (gRPC frames: 5-byte prefix + protobuf; HTTP/2 headers are not
/// counted). The clock is injectable, so tests can check the delays without waiting for them.
/// </summary>
public sealed class EmulatedLink : DelegatingHandler
{
    private readonly LinkShaper _shaper;
    private readonly TimeProvider _clock;
    private readonly long _origin;
    private long _bytesSent, _bytesReceived, _messages, _delayTicks;

    public EmulatedLink(LinkParameters parameters, TimeProvider? clock = null, HttpMessageHandler? inner = null)
        : base(inner ?? DefaultTransport())
    {
        _shaper = new LinkShaper(parameters);
        _clock = clock ?? TimeProvider.System;
        _origin = _clock.GetTimestamp();
    }

    /// <summary>The link's bandwidth and RTT; set it to follow a bandwidth schedule (LTE → 3G) while calls run.</summary>
    public LinkParameters Parameters
    {
        get => _shaper.Parameters;
        set => _shaper.Parameters = value;
    }

    public TimeProvider Clock => _clock;
    public long BytesSent => Interlocked.Read(ref _bytesSent);
    public long BytesReceived => Interlocked.Read(ref _bytesReceived);
    /// <summary>Bodies shaped so far, both directions.</summary>
    public long Messages => Interlocked.Read(ref _messages);
    /// <summary>Sum of all delays the link imposed.</summary>
    public TimeSpan TotalDelay => TimeSpan.FromTicks(Interlocked.Read(ref _delayTicks));

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        if (request.Content is { } content)
        {
            var body = await content.ReadAsByteArrayAsync(ct);
            request.Content = Rewrap(body, content.Headers);
            await ShapeAsync(LinkDirection.Up, body.Length, ct);
        }

        var response = await base.SendAsync(request, ct);
        var received = await response.Content.ReadAsByteArrayAsync(ct);
        response.Content = Rewrap(received, response.Content.Headers);
        await ShapeAsync(LinkDirection.Down, received.Length, ct);
        return response;
    }

    private async Task ShapeAsync(LinkDirection direction, long bytes, CancellationToken ct)
    {
        Interlocked.Add(ref direction == LinkDirection.Up ? ref _bytesSent : ref _bytesReceived, bytes);
        Interlocked.Increment(ref _messages);
        var delay = _shaper.Reserve(direction, bytes, _clock.GetElapsedTime(_origin));
        Interlocked.Add(ref _delayTicks, delay.Ticks);
        if (delay > TimeSpan.Zero)
            await Task.Delay(delay, _clock, ct);
    }

    private static ByteArrayContent Rewrap(byte[] body, HttpContentHeaders headers)
    {
        var copy = new ByteArrayContent(body);
        foreach (var h in headers)
            if (!h.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                copy.Headers.TryAddWithoutValidation(h.Key, h.Value);
        return copy;
    }

    private static SocketsHttpHandler DefaultTransport() => new()
    {
        EnableMultipleHttp2Connections = true,
        ConnectTimeout = TimeSpan.FromSeconds(5),
    };
}

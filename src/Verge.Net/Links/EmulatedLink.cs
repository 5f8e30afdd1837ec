namespace Verge.Net.Links;

/// <summary>
/// One emulated hop, so experiments on loopback see the spec'd network: every request body and every response body
/// that passes through one of its handlers (<see cref="CreateHandler"/>, a <see cref="DelegatingHandler"/> under the
/// gRPC client) is held for RTT/2 + bytes/bandwidth (see <see cref="LinkShaper"/>), and its real bytes are counted
/// (gRPC frames: 5-byte prefix + protobuf; HTTP/2 headers are not counted). The link outlives connections: a client
/// that reconnects gets a new handler on the same link. The clock is injectable, so tests can check the delays
/// without waiting for them.
/// </summary>
public sealed class EmulatedLink(LinkParameters parameters, TimeProvider? clock = null)
{
    private readonly LinkShaper _shaper = new(parameters);
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly long _origin = (clock ?? TimeProvider.System).GetTimestamp();
    private long _bytesSent, _bytesReceived, _messages, _delayTicks;

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

    /// <summary>Raised for every body the link shapes, before its delay starts.</summary>
    public event Action<ShapedMessage>? Shaped;

    /// <summary>A handler for one HTTP client over this link; <paramref name="inner"/> defaults to a fresh HTTP/2 transport.</summary>
    public DelegatingHandler CreateHandler(HttpMessageHandler? inner = null) => new LinkShapingHandler(this, inner ?? new SocketsHttpHandler
    {
        EnableMultipleHttp2Connections = true,
        ConnectTimeout = TimeSpan.FromSeconds(5),
    });

    internal async Task ShapeAsync(LinkDirection direction, long bytes, CancellationToken ct)
    {
        Interlocked.Add(ref direction == LinkDirection.Up ? ref _bytesSent : ref _bytesReceived, bytes);
        Interlocked.Increment(ref _messages);
        // The wait ends at an absolute deadline: the reservation's moment plus its delay.
        long start = _clock.GetTimestamp();
        var delay = _shaper.Reserve(direction, bytes, _clock.GetElapsedTime(_origin, start));
        Interlocked.Add(ref _delayTicks, delay.Ticks);
        Shaped?.Invoke(new ShapedMessage(direction, bytes, delay));
        long until = start + (long)(delay.TotalSeconds * _clock.TimestampFrequency);
        var (fired, woke) = delay > TimeSpan.Zero ? await WaitAsync(until, delay, ct) : (start, start);
        if (_clock == TimeProvider.System)
            PaceTrace.Record(direction == LinkDirection.Up ? PaceKind.Uplink : PaceKind.Downlink, start, start, until, fired, woke, bytes);
    }

    /// <summary>
    /// Waits on the injected clock at full precision (Task.Delay with a TimeProvider rounds down to milliseconds). On
    /// the real clock, timers wake a millisecond or more late, so the wait goes to <see cref="PacingClock"/>, which wakes
    /// it at its deadline without holding a thread.
    /// </summary>
    private async Task<(long Fired, long Woke)> WaitAsync(long until, TimeSpan delay, CancellationToken ct)
    {
        if (_clock == TimeProvider.System) return await PreciseDelay.WaitUntilAsync(until, ct);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var timer = _clock.CreateTimer(static s => ((TaskCompletionSource)s!).TrySetResult(), done, delay, Timeout.InfiniteTimeSpan);
        await using var cancel = ct.Register(static s => ((TaskCompletionSource)s!).TrySetCanceled(), done);
        await done.Task;
        return (_clock.GetTimestamp(), _clock.GetTimestamp());
    }
}

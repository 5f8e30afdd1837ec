using System.Diagnostics;

namespace Verge.Net.Links;

/// <summary>What a <see cref="PaceEvent"/> spans.</summary>
public enum PaceKind
{
    /// <summary>A stage's compute held to its node's speed (ONNX Runtime on this host, then the pacer's wait).</summary>
    Compute,

    /// <summary>A tile codec call held to its node's speed (pack, unpack, normalise).</summary>
    Codec,

    /// <summary>A request body held by the emulated radio.</summary>
    Uplink,

    /// <summary>A response body held by the emulated radio.</summary>
    Downlink,

    /// <summary>The device waiting for one tile call to a helper, from its send to its reply.</summary>
    Call,
}

/// <summary>
/// One traced span, in <see cref="Stopwatch"/> ticks: work began at <see cref="Start"/> and ended on this host at
/// <see cref="HostEnd"/>; the pacer meant the span to end at <see cref="Target"/> (the emulated node's or link's time);
/// the waiting thread's coarse sleep or timer returned at <see cref="Fired"/> and the wait returned at <see cref="Woke"/>.
/// Woke − Target is the oversleep.
/// </summary>
public readonly record struct PaceEvent(long Frame, PaceKind Kind, string Node, string? Label, long Start, long HostEnd, long Target, long Fired, long Woke, long Bytes);

/// <summary>
/// An opt-in trace of every paced span of a benchmark's frames (<see cref="Current"/>; null, the default, records
/// nothing): preallocated, one interlocked increment and a struct store per span, Stopwatch timestamps, so tracing
/// does not move what it measures. Which node a span belongs to flows with the async call (<see cref="Scope"/>).
/// </summary>
public sealed class PaceTrace(int capacity)
{
    private static readonly AsyncLocal<(string? Node, string? Label)> Ambient = new();
    private static PaceTrace? _current;
    private readonly PaceEvent[] _events = new PaceEvent[capacity];
    private int _count, _dropped;
    private readonly List<(long Frame, long Start, long End)> _frames = [];
    private long _frame = -1, _frameStart;

    /// <summary>The trace being recorded; null when none.</summary>
    public static PaceTrace? Current
    {
        get => Volatile.Read(ref _current);
        set => Volatile.Write(ref _current, value);
    }

    /// <summary>The frame spans are counted to (−1: between frames).</summary>
    public long Frame => Interlocked.Read(ref _frame);

    /// <summary>Spans that did not fit in the buffer.</summary>
    public int Dropped => Volatile.Read(ref _dropped);

    /// <summary>Spans recorded, in the order they ended.</summary>
    public ReadOnlySpan<PaceEvent> Events => _events.AsSpan(0, Math.Min(Volatile.Read(ref _count), _events.Length));

    /// <summary>The frames traced: their number, start and end (Stopwatch ticks).</summary>
    public IReadOnlyList<(long Frame, long Start, long End)> Frames => _frames;

    /// <summary>Counts the spans that follow to <paramref name="frame"/> (frames run one at a time).</summary>
    public void BeginFrame(long frame)
    {
        _frameStart = Stopwatch.GetTimestamp();
        Interlocked.Exchange(ref _frame, frame);
    }

    public void EndFrame()
    {
        _frames.Add((Interlocked.Exchange(ref _frame, -1), _frameStart, Stopwatch.GetTimestamp()));
    }

    /// <summary>Names the node (and tile) of the spans recorded in this async flow until the scope is disposed.</summary>
    public static NodeScope Scope(string node, string? label = null)
    {
        var previous = Ambient.Value;
        Ambient.Value = (node, label);
        return new NodeScope(previous);
    }

    /// <summary>Records a span into <see cref="Current"/>, if any; its node and label are the ambient scope's.</summary>
    public static void Record(PaceKind kind, long start, long hostEnd, long target, long fired, long woke, long bytes = 0)
    {
        if (Current is not { } trace) return;
        var (node, label) = Ambient.Value;
        trace.Add(new PaceEvent(trace.Frame, kind, node ?? "?", label, start, hostEnd, target, fired, woke, bytes));
    }

    public void Add(PaceEvent e)
    {
        int i = Interlocked.Increment(ref _count) - 1;
        if (i < _events.Length) _events[i] = e;
        else Interlocked.Increment(ref _dropped);
    }

    /// <summary>Restores the node named before <see cref="Scope"/>.</summary>
    public readonly struct NodeScope : IDisposable
    {
        private readonly (string?, string?) _previous;
        internal NodeScope((string?, string?) previous) => _previous = previous;
        public void Dispose() => Ambient.Value = _previous;
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;

namespace Verge.Net.Tests;

/// <summary>
/// A clock whose delays complete at once but still count: its timestamps run at real speed plus every delay it
/// has skipped. So a link's shaping shows up in measured latencies exactly, and tests never wait for it. With
/// <c>realTime: false</c> its timestamps move by skipped delays alone, so what it measures is the shaping and nothing
/// else: a host stall (GC, a busy CPU) cannot shift a measured rate.
/// </summary>
internal sealed class VirtualClock(bool realTime = true) : TimeProvider
{
    private long _skipped;

    public ConcurrentQueue<TimeSpan> Delays { get; } = new();

    public override long TimestampFrequency => Stopwatch.Frequency;

    public override long GetTimestamp() => (realTime ? Stopwatch.GetTimestamp() : 0) + Interlocked.Read(ref _skipped);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        Delays.Enqueue(dueTime);
        Interlocked.Add(ref _skipped, (long)(dueTime.TotalSeconds * Stopwatch.Frequency));
        ThreadPool.QueueUserWorkItem(_ => callback(state));
        return new Fired();
    }

    private sealed class Fired : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => false;
        public void Dispose() { }
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

using System.Diagnostics;

namespace Verge.Net.Links;

/// <summary>
/// Sub-millisecond waiting on the real clock: OS timers and Thread.Sleep wake late by a millisecond or more, which
/// would add several milliseconds to every emulated hop and paced stage; the last <see cref="Margin"/> is yielded out,
/// by the one <see cref="PacingClock"/> thread for every waiter of the process. Waits end at an absolute deadline, so
/// a late wake is never followed by a full-length wait.
/// </summary>
public static class PreciseDelay
{
    public static readonly TimeSpan Margin = TimeSpan.FromMilliseconds(2);

    /// <summary>Sleeps for <paramref name="duration"/> to within a few microseconds.</summary>
    public static void Wait(TimeSpan duration) => WaitUntil(Stopwatch.GetTimestamp() + Ticks(duration));

    /// <summary>Sleeps until <see cref="Stopwatch.GetTimestamp"/> reaches <paramref name="until"/>; returns when the coarse sleep ended and when the wait did.</summary>
    public static (long Fired, long Woke) WaitUntil(long until)
    {
        long now = Stopwatch.GetTimestamp();
        if (until <= now) return (now, now);
        long fired = PacingClock.Until(until);
        return (fired, Stopwatch.GetTimestamp());
    }

    /// <summary>Completes once <see cref="Stopwatch.GetTimestamp"/> reaches <paramref name="until"/>, holding no thread meanwhile.</summary>
    public static async Task<(long Fired, long Woke)> WaitUntilAsync(long until, CancellationToken ct = default)
    {
        long now = Stopwatch.GetTimestamp();
        if (until <= now) return (now, now);
        long fired = await PacingClock.At(until, ct);
        return (fired, Stopwatch.GetTimestamp());
    }

    /// <summary><paramref name="duration"/> in <see cref="Stopwatch"/> ticks.</summary>
    public static long Ticks(TimeSpan duration) => (long)(duration.TotalSeconds * Stopwatch.Frequency);
}

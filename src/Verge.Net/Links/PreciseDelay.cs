using System.Diagnostics;

namespace Verge.Net.Links;

/// <summary>
/// Sub-millisecond waiting on the real clock: OS timers and Thread.Sleep wake late by a millisecond or more, which
/// would add several milliseconds to every emulated hop and paced stage; the last <see cref="Margin"/> is yielded out.
/// </summary>
public static class PreciseDelay
{
    public static readonly TimeSpan Margin = TimeSpan.FromMilliseconds(2);

    /// <summary>Returns once <see cref="Stopwatch.GetTimestamp"/> reaches <paramref name="until"/>, yielding the core meanwhile.</summary>
    public static void SpinUntil(long until, CancellationToken ct = default)
    {
        while (Stopwatch.GetTimestamp() < until)
        {
            ct.ThrowIfCancellationRequested();
            Thread.Yield();
        }
    }

    /// <summary>Sleeps for <paramref name="duration"/> to within a few microseconds.</summary>
    public static void Wait(TimeSpan duration)
    {
        long until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        if (duration > Margin) Thread.Sleep(duration - Margin);
        SpinUntil(until);
    }
}

namespace Verge.Net.Stages;

/// <summary>
/// Makes this host compute like a slower node: a stage whose typical time at speed 1 is t is held until t / speed has
/// passed, so a spec's `speed: 0.15` phone really takes 6.7× as long on loopback. A spec defines speed relative to
/// the host the profile was measured on, so a deployment passes the stage's profiled time as t, and the emulated node
/// is as exact as an emulated link; otherwise t is the median of warm-up runs taken when the stage is loaded
/// (<see cref="Calibrate"/>). Either way t is not each run's own time: a sub-millisecond stage jitters by tens of
/// microseconds from run to run, and stretching each run would magnify that jitter 1/speed times. A run that is
/// slower than the emulated node (a busy host) is not shortened: it shows as it is. Without a calibration, each run's
/// own time is stretched. A node faster than this host (speed > 1) is emulated under time dilation (Gupta et al.,
/// NSDI 2006): the whole emulation runs k ≥ every speed times slower, each node takes t × k / speed (≥ t, so
/// reachable by holding), links take k times as long, and measurements are divided by k. Without dilation (k = 1) a
/// faster node runs as it is.
/// </summary>
public sealed class ComputePacer(double speed, double dilation = 1.0)
{
    public double Speed { get; } = speed > 0 && double.IsFinite(speed) ? speed : 1.0;

    /// <summary>The time dilation factor k (1: none).</summary>
    public double Dilation { get; } = dilation >= 1 && double.IsFinite(dilation) ? dilation : 1.0;

    /// <summary>True when the node takes longer than this host would (t × k / speed &gt; t).</summary>
    public bool Emulates => Speed < Dilation;

    /// <summary>The pacing rule, the one place it is written: a node of <paramref name="speed"/> under dilation
    /// <paramref name="dilation"/> takes <paramref name="atSpeedOne"/> × k ÷ speed of this host's time.</summary>
    public static TimeSpan Paced(TimeSpan atSpeedOne, double speed, double dilation) => atSpeedOne * (dilation / speed);

    /// <summary>The stage's typical run time on this host; null until <see cref="Calibrate"/>.</summary>
    public TimeSpan? Typical { get; private set; }

    /// <summary>Takes the median of <paramref name="warmUpRuns"/> (or the one profiled time) as the stage's typical run time.</summary>
    public void Calibrate(IReadOnlyList<TimeSpan> warmUpRuns)
    {
        if (warmUpRuns.Count == 0) return;
        Typical = Verge.Core.Statistics.Stats.Median(warmUpRuns);
    }

    /// <summary>How long a node of <see cref="Speed"/> under <see cref="Dilation"/> takes for a run that took <paramref name="measured"/> here.</summary>
    public TimeSpan Emulated(TimeSpan measured) => !Emulates ? measured
        : Typical is { } typical ? Max(Paced(typical, Speed, Dilation), measured) : Paced(measured, Speed, Dilation);

    /// <summary>Blocks until <see cref="Emulated"/> has passed since the run began (<paramref name="measured"/> ago).</summary>
    public void Stretch(TimeSpan measured)
    {
        var (now, target) = Deadline(measured);
        var (fired, woke) = target > now ? Links.PreciseDelay.WaitUntil(target) : (now, now);
        Links.PaceTrace.Record(Links.PaceKind.Compute, now - Links.PreciseDelay.Ticks(measured), now, target, fired, woke);
    }

    /// <summary>As <see cref="Stretch"/>, holding no thread while it waits (a paced node must not take a pool thread from its peers).</summary>
    public async ValueTask StretchAsync(TimeSpan measured, CancellationToken ct = default)
    {
        var (now, target) = Deadline(measured);
        var (fired, woke) = target > now ? await Links.PreciseDelay.WaitUntilAsync(target, ct) : (now, now);
        Links.PaceTrace.Record(Links.PaceKind.Compute, now - Links.PreciseDelay.Ticks(measured), now, target, fired, woke);
    }

    /// <summary>Now, and the absolute moment the run that began <paramref name="measured"/> ago ends on the emulated node.</summary>
    private (long Now, long Target) Deadline(TimeSpan measured)
    {
        long now = System.Diagnostics.Stopwatch.GetTimestamp();
        var extra = Emulated(measured) - measured;
        return (now, now + Links.PreciseDelay.Ticks(extra > TimeSpan.Zero ? extra : TimeSpan.Zero));
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}

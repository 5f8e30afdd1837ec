using Verge.Core.Statistics;
using Verge.Net.Links;
using Verge.Net.Stages;

namespace Verge.Net.Hosting;

/// <summary>The kinds of a tile codec's CPU work, each with its own cost per value.</summary>
public enum TileCodecWork
{
    /// <summary>A float32 strip packed as a zero bitmap and its non-zero values.</summary>
    Pack,

    /// <summary>A strip decoded back to float32 (zero bitmap or plain float32).</summary>
    Unpack,

    /// <summary>A camera's 8-bit values normalised to the model's float input.</summary>
    Normalize,
}

/// <summary>
/// Holds one node's tile codec work (packing and unpacking strips, normalising 8-bit windows) to the node's speed, as
/// <see cref="ComputePacer"/> holds ONNX Runtime's, and counts it. As for a calibrated stage, the time charged is not
/// each call's own time × k ÷ speed: a call of a fraction of a millisecond that this shared host preempts, or that a
/// garbage collection of the process pauses, would have that stall magnified 1/speed times (a 3 ms stall into 30 ms at
/// 0.1×), so the same bytes and schedule would take a different time from run to run. Each kind of work
/// (<see cref="TileCodecWork"/>) is charged its typical cost per value here — the median over its last
/// <see cref="Window"/> calls — times the call's values, at the node's speed; a call slower than that on this host
/// shows as it is, never shortened (<see cref="ComputePacer.Emulated"/>). A kind's first call, with nothing to take
/// a median of, is stretched by its own time. <see cref="Held"/> and <see cref="Measured"/> add up the charged and the
/// measured time, so a benchmark can show the codec's share of each frame.
/// </summary>
public sealed class TileCodecPacer
{
    /// <summary>Calls per kind of work whose cost per value the typical one is the median of.</summary>
    public const int Window = 64;

    private readonly Lock _gate = new();
    private readonly Queue<double>[] _ticksPerValue = [new(), new(), new()];
    private long _heldTicks, _measuredTicks, _values, _calls;

    /// <summary>Host time the codec was charged (what the emulated node took), summed over calls.</summary>
    public TimeSpan Held => TimeSpan.FromTicks(Interlocked.Read(ref _heldTicks));

    /// <summary>Host time the codec calls took here, summed.</summary>
    public TimeSpan Measured => TimeSpan.FromTicks(Interlocked.Read(ref _measuredTicks));

    /// <summary>Values the codec handled, summed over calls.</summary>
    public long Values => Interlocked.Read(ref _values);

    /// <summary>Codec calls charged so far.</summary>
    public long Calls => Interlocked.Read(ref _calls);

    /// <summary>
    /// What a call of <paramref name="work"/> over <paramref name="values"/> values that took <paramref name="measured"/>
    /// here takes on a node of <paramref name="speed"/> under dilation <paramref name="dilation"/>; counted, and its cost
    /// per value added to the kind's window.
    /// </summary>
    public TimeSpan Charge(TileCodecWork work, long values, TimeSpan measured, double speed, double dilation = 1.0)
    {
        var pacer = new ComputePacer(speed, dilation);
        lock (_gate)
        {
            var window = _ticksPerValue[(int)work];
            if (window.Count > 0) pacer.Calibrate([TimeSpan.FromTicks((long)Math.Round(Stats.Median(window) * values))]);
            if (values > 0)
            {
                window.Enqueue((double)measured.Ticks / values);
                if (window.Count > Window) window.Dequeue();
            }
        }
        var emulated = pacer.Emulated(measured);
        Interlocked.Add(ref _heldTicks, emulated.Ticks);
        Interlocked.Add(ref _measuredTicks, measured.Ticks);
        Interlocked.Add(ref _values, values);
        Interlocked.Increment(ref _calls);
        return emulated;
    }

    /// <summary>Blocks until <paramref name="emulated"/> has passed since work that took <paramref name="measured"/> began.</summary>
    public static void Hold(TimeSpan emulated, TimeSpan measured)
    {
        var (now, target) = Deadline(emulated, measured);
        var (fired, woke) = target > now ? PreciseDelay.WaitUntil(target) : (now, now);
        PaceTrace.Record(PaceKind.Codec, now - PreciseDelay.Ticks(measured), now, target, fired, woke);
    }

    /// <summary>As <see cref="Hold"/>, holding no thread while it waits.</summary>
    public static async ValueTask HoldAsync(TimeSpan emulated, TimeSpan measured, CancellationToken ct = default)
    {
        var (now, target) = Deadline(emulated, measured);
        var (fired, woke) = target > now ? await PreciseDelay.WaitUntilAsync(target, ct) : (now, now);
        PaceTrace.Record(PaceKind.Codec, now - PreciseDelay.Ticks(measured), now, target, fired, woke);
    }

    private static (long Now, long Target) Deadline(TimeSpan emulated, TimeSpan measured)
    {
        long now = System.Diagnostics.Stopwatch.GetTimestamp();
        var extra = emulated - measured;
        return (now, now + PreciseDelay.Ticks(extra > TimeSpan.Zero ? extra : TimeSpan.Zero));
    }
}

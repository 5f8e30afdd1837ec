using System.Globalization;
using Verge.Core.Units;

namespace Verge.Core.Spec;

/// <summary>
/// The allowed range of every numeric field of a spec, in one place. The bounds are far wider than any real
/// deployment but keep the planner's arithmetic finite: a 1e-300 bps link or a node 1e308 times slower turns
/// predictions into 300-digit numbers, and rtt 1e20 ms overflows a TimeSpan.
/// </summary>
public static class SpecLimits
{
    /// <summary>A node's compute speed relative to the profiling host (op_speeds too).</summary>
    public static readonly NumberRange Speed = new(1e-4, 1e4);

    /// <summary>Link rates: 1 bit/s to 1 Tbit/s.</summary>
    public static readonly NumberRange Bandwidth = new(1, 1e12, bps => new Bandwidth(bps).ToString());

    /// <summary>Round-trip times, in milliseconds: 0 to 10 minutes.</summary>
    public static readonly NumberRange RttMs = new(0, 600_000, ms => Duration.Format(TimeSpan.FromMilliseconds(ms)));

    /// <summary>Power draws, in watts: 0 to 10 kW.</summary>
    public static readonly NumberRange Watts = new(0, 10_000, w => w.ToString("G", CultureInfo.InvariantCulture) + " W");

    /// <summary>A latency objective, in milliseconds: 1 µs to one hour.</summary>
    public static readonly NumberRange LatencyMs = new(1e-3, 3_600_000, ms => ms.ToString("G", CultureInfo.InvariantCulture) + " ms");

    /// <summary>An early exit's entropy threshold, in nats (inf: never exit there).</summary>
    public static readonly NumberRange EntropyNats = new(0, 1_000);

    /// <summary>Noisy features' per-inference ε (<c>app.privacy.features.epsilon</c>).</summary>
    public static readonly NumberRange FeatureEpsilon = new(1e-3, 1e6);

    /// <summary>The share of features nullified before the noise (<c>app.privacy.features.nullification</c>).</summary>
    public static readonly NumberRange FeatureNullification = new(0, 0.95);

    /// <summary>Noisy features' L1 clip B of what leaves the device (<c>app.privacy.features.clip</c>).</summary>
    public static readonly NumberRange FeatureClip = new(1e-6, 1e12);

    /// <summary>A stream gate's threshold: a mean absolute difference of pixels in [0, 1].</summary>
    public static readonly NumberRange StreamThreshold = new(0, 1);

    /// <summary>Frames of a generated stream (<c>app.stream.frames</c>).</summary>
    public const int MaxStreamFrames = 1_000_000;

    /// <summary>The frame a link phase starts at.</summary>
    public static readonly NumberRange Frame = new(0, 1_000_000_000);
}

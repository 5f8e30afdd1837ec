namespace Verge.Net.Links;

/// <summary>One hop's network: bandwidth in bits per second (each direction) and round-trip time.</summary>
public sealed record LinkParameters(double BandwidthBitsPerSecond, TimeSpan Rtt)
{
    /// <summary>Loopback as it is: no shaping, no added delay.</summary>
    public static LinkParameters Unlimited { get; } = new(double.PositiveInfinity, TimeSpan.Zero);

    public static LinkParameters FromMbps(double mbps, double rttMs) => new(mbps * 1e6, TimeSpan.FromMilliseconds(rttMs));

    /// <summary>Time the link needs to put <paramref name="bytes"/> on the wire at its bandwidth.</summary>
    public TimeSpan TransmitTime(long bytes) =>
        double.IsPositiveInfinity(BandwidthBitsPerSecond) ? TimeSpan.Zero : TimeSpan.FromSeconds(bytes * 8.0 / BandwidthBitsPerSecond);

    /// <summary>The longest RTT <see cref="Create"/> accepts: a day.</summary>
    public const double MaxRttMs = 86_400_000;

    /// <summary>Checks values that come from a user or a peer; bandwidth ≤ 0 means unlimited.</summary>
    public static LinkParameters Create(double bandwidthBps, double rttMs)
    {
        // An RTT beyond a day is no link (and 1e308 ms overflowed TimeSpan: UNKNOWN instead of INVALID_ARGUMENT, issue 17's fuzzer).
        if (double.IsNaN(bandwidthBps) || !double.IsFinite(rttMs) || rttMs < 0 || rttMs > MaxRttMs)
            throw new ArgumentException($"link bandwidth {bandwidthBps} bit/s and RTT {rttMs} ms must be numbers, the RTT between 0 and {MaxRttMs} ms");
        return new(bandwidthBps <= 0 ? double.PositiveInfinity : bandwidthBps, TimeSpan.FromMilliseconds(rttMs));
    }

    public override string ToString() =>
        (double.IsPositiveInfinity(BandwidthBitsPerSecond) ? "unlimited" : $"{BandwidthBitsPerSecond / 1e6:0.###} Mbit/s") + $", RTT {Rtt.TotalMilliseconds:0.###} ms";
}

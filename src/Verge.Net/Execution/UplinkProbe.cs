using Grpc.Core;
using Verge.Core.Statistics;
using Verge.Net.Client;

namespace Verge.Net.Execution;

/// <summary>
/// Watches the device's uplink between frames with small echo probes and says when it has really changed.
/// Loopback and scheduling overheads bias a single probe (more so on fast links), so the probe compares like with
/// like: the median of the last three bandwidth samples (after two warm-up probes) against the median taken when the
/// plan was made, and reports
/// a change only when it holds for two probes in a row. The believed link is the planned one scaled by that ratio.
/// </summary>
public sealed class UplinkProbe(NodeClient client, int bytes, double threshold)
{
    /// <summary>Samples thrown away first: the first calls pay for connection set-up and JIT compilation.</summary>
    private const int WarmUp = 2;
    private int _seen;
    private readonly List<double> _bandwidth = [];
    private readonly List<double> _rttMs = [];
    private double? _baseBandwidth, _baseRttMs;
    private int _driftedInARow;

    /// <summary>Measured bandwidth relative to the baseline (1 = unchanged).</summary>
    public double BandwidthRatio => _baseBandwidth is { } b && MedianOrNull(_bandwidth) is { } now ? now / b : 1.0;

    /// <summary>Measured change of RTT since the baseline, in milliseconds.</summary>
    public double RttShiftMs => _baseRttMs is { } b && MedianOrNull(_rttMs) is { } now ? now - b : 0.0;

    public double? BandwidthBitsPerSecond => MedianOrNull(_bandwidth);

    public double? RttMs => MedianOrNull(_rttMs);

    /// <summary>Takes one sample; false when the node did not answer.</summary>
    public async Task<bool> SampleAsync(TimeSpan timeout, CancellationToken ct)
    {
        try
        {
            double rtt = (await client.PingAsync(timeout, ct)).TotalMilliseconds;
            long before = client.Link.BytesSent + client.Link.BytesReceived;
            double echo = (await client.EchoAsync(bytes, timeout, ct)).TotalMilliseconds;
            long moved = client.Link.BytesSent + client.Link.BytesReceived - before;
            if (++_seen <= WarmUp) return true;
            Push(_rttMs, rtt);
            if (echo > rtt) Push(_bandwidth, moved * 8 / ((echo - rtt) / 1000));
            if (_baseBandwidth is null && _bandwidth.Count >= 3) Rebaseline();
            return true;
        }
        catch (RpcException)
        {
            return false;
        }
    }

    /// <summary>True when bandwidth moved by more than the threshold (or RTT by more than it and 5 ms) for two probes running.</summary>
    public bool Drifted()
    {
        if (_baseBandwidth is null) return false;
        bool moved = Math.Abs(Math.Log(BandwidthRatio)) > Math.Log(1 + threshold)
                     || (Math.Abs(RttShiftMs) > 5 && Math.Abs(RttShiftMs) > threshold * _baseRttMs!.Value);
        _driftedInARow = moved ? _driftedInARow + 1 : 0;
        return _driftedInARow >= 2;
    }

    /// <summary>The current measurements become those the running plan is made for.</summary>
    public void Rebaseline()
    {
        _baseBandwidth = MedianOrNull(_bandwidth);
        _baseRttMs = MedianOrNull(_rttMs);
        _driftedInARow = 0;
    }

    private static void Push(List<double> samples, double value)
    {
        samples.Add(value);
        if (samples.Count > 3) samples.RemoveAt(0);
    }

    /// <summary>The shared median, or null before the first sample.</summary>
    private static double? MedianOrNull(List<double> samples) =>
        samples.Count == 0 ? null : Stats.Median(samples);
}

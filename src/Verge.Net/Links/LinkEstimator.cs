namespace Verge.Net.Links;

/// <summary>
/// Tracks one hop's bandwidth and RTT with exponentially weighted moving averages. RTT comes from pings; each
/// transfer of B bytes (both directions) that spent T on the network gives a bandwidth sample B·8 / (T − RTTmin),
/// where RTTmin is the least of the recent pings: queueing and scheduling only ever add to a ping, so the minimum is
/// the best guess of the path's own delay (as BBR keeps min_rtt; Cardwell et al., ACM Queue 2016).
/// A baseline (the values a plan was made for) lets a re-planner ask whether the network has drifted.
/// </summary>
public sealed class LinkEstimator(double weight = 0.3)
{
    private readonly Lock _gate = new();
    private const int RecentPings = 8;
    private readonly double[] _recentRttMs = new double[RecentPings];
    private double? _bandwidth, _rttMs, _baseBandwidth, _baseRttMs;
    private int _transfers, _rtts;

    public LinkEstimate Current
    {
        get
        {
            lock (_gate)
                return new LinkEstimate(_bandwidth, _rttMs is { } r ? TimeSpan.FromMilliseconds(r) : null, _transfers, _rtts);
        }
    }

    public void AddRtt(TimeSpan rtt)
    {
        lock (_gate)
        {
            _rttMs = Blend(_rttMs, rtt.TotalMilliseconds);
            _recentRttMs[_rtts % RecentPings] = rtt.TotalMilliseconds;
            _rtts++;
        }
    }

    /// <summary>Adds a transfer sample; ignored when the transfer took no longer than one RTT (too fast to time).</summary>
    public void AddTransfer(long bytes, TimeSpan networkTime)
    {
        lock (_gate)
        {
            double transmitSeconds = (networkTime.TotalMilliseconds - MinRttMs()) / 1000;
            if (bytes <= 0 || transmitSeconds <= 0) return;
            _bandwidth = Blend(_bandwidth, bytes * 8 / transmitSeconds);
            _transfers++;
        }
    }

    /// <summary>Takes the current estimate as the one the running plan was made for.</summary>
    public void Rebaseline()
    {
        lock (_gate)
        {
            _baseBandwidth = _bandwidth;
            _baseRttMs = _rttMs;
        }
    }

    /// <summary>
    /// True when bandwidth or RTT moved by more than <paramref name="threshold"/> (0.3 = 30 %) from the baseline.
    /// Without a baseline, the first estimate becomes it.
    /// </summary>
    public bool Drifted(double threshold)
    {
        lock (_gate)
        {
            if (_baseBandwidth is null && _baseRttMs is null)
            {
                _baseBandwidth = _bandwidth;
                _baseRttMs = _rttMs;
                return false;
            }
            // RTT must also move by a millisecond, or loopback jitter on a sub-millisecond RTT would count as drift.
            return Moved(_bandwidth, _baseBandwidth, threshold)
                || (Moved(_rttMs, _baseRttMs, threshold) && Math.Abs(_rttMs!.Value - _baseRttMs!.Value) > 1);
        }
    }

    private double MinRttMs()
    {
        int n = Math.Min(_rtts, RecentPings);
        if (n == 0) return 0;
        double min = _recentRttMs[0];
        for (int i = 1; i < n; i++) min = Math.Min(min, _recentRttMs[i]);
        return min;
    }

    private static bool Moved(double? now, double? baseline, double threshold) =>
        now is { } n && baseline is { } b && b > 0 && Math.Abs(n / b - 1) > threshold;

    private double Blend(double? average, double sample) => average is { } a ? a + weight * (sample - a) : sample;
}

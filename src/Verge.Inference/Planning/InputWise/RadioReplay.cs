namespace Verge.Inference.Planning.InputWise;

/// <summary>
/// The clock both tile latency models replay a block on: workers (the helpers in order, then the device when it takes
/// tiles) each free at some time; a helper's tile goes up the device's shared radio after the radio's last upload and
/// once the helper is free, computes, and comes down after the radio's last download; the device's own tiles cost no
/// transfer. <see cref="TileLatencyModel"/> (work stealing) and <see cref="HaloLatencyModel"/> (fixed bands) differ
/// only in which worker takes the next tile and how many bytes cross.
/// </summary>
internal sealed class RadioReplay
{
    private readonly TileTiming _timing;
    private readonly double _halfRtt;
    private readonly double[] _computeMs;
    private readonly int[] _count;
    private readonly long[] _sent, _back;
    private double _upFree, _downFree, _radioMs;

    public RadioReplay(TileTiming timing)
    {
        _timing = timing;
        Helpers = timing.HelperBlockMs.Count;
        Workers = Helpers + (timing.DeviceBlockMs is null ? 0 : 1);
        if (Workers == 0) throw new ArgumentException("the latency model needs at least one worker", nameof(timing));
        _halfRtt = timing.RttMs / 2;
        Free = new double[Workers];
        _computeMs = new double[Workers];
        _count = new int[Workers];
        _sent = new long[Helpers];
        _back = new long[Helpers];
    }

    public int Helpers { get; }
    public int Workers { get; }

    /// <summary>When each worker is free next (index <see cref="Helpers"/> is the device).</summary>
    public double[] Free { get; }

    /// <summary>
    /// Worker <paramref name="w"/> computes a tile of <paramref name="share"/> of the block's MACs: up, compute, down for a
    /// helper; compute alone on the device. Under <see cref="TileTiming.CodecMsPerValue"/> the values crossing cost codec
    /// time on both sides: the device's before the upload and after the download (on that helper's turn, as the runner
    /// does it), the helper's beside its compute.
    /// </summary>
    public void Run(int w, double share, long upBytes, long downBytes, long upValues = 0, long downValues = 0)
    {
        _count[w]++;
        if (w == Helpers)
        {
            double local = _timing.DeviceBlockMs!.Value * share;
            Free[w] += local;
            _computeMs[w] += local;
            return;
        }
        double up = _timing.Radio.TransferMs(upBytes) + _timing.Message.Ms(upBytes);
        double down = _timing.Radio.TransferMs(downBytes) + _timing.Message.Ms(downBytes);
        double compute = _timing.HelperBlockMs[w] * share;
        double codec = _timing.CodecMsPerValue;
        _upFree = Math.Max(_upFree, Free[w] + codec * upValues) + up;
        _downFree = Math.Max(_downFree, _upFree + _halfRtt + compute + codec * (upValues + downValues)) + down;
        Free[w] = _downFree + _halfRtt + codec * downValues;
        _computeMs[w] += compute;
        _sent[w] += upBytes;
        _back[w] += downBytes;
        _radioMs += up + down;
    }

    /// <summary>The replay so far, with <paramref name="restMs"/> after the last worker is done.</summary>
    public TilePrediction Result(double restMs) => new(Free.Max() + restMs, _count, _computeMs, _sent, _back, _radioMs);
}

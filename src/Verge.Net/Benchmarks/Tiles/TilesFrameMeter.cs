using Verge.Net.Hosting;
using Verge.Net.Links;
using Verge.Net.Tiles;

namespace Verge.Net.Benchmarks.Tiles;

/// <summary>Reads the counters of <see cref="TilesFrameDetail"/> before and after each measured frame.</summary>
internal sealed class TilesFrameMeter(TileRunner runner, IReadOnlyList<TileCodecPacer> helpers, double linkMbps)
{
    private readonly List<double> _device = [], _helpers = [], _deviceHost = [], _helpersHost = [], _radio = [], _pause = [];
    private readonly List<double> _computeLate = [], _codecLate = [], _linkLate = [], _maxLate = [], _devicePaced = [], _helperPaced = [];
    private readonly List<int> _gen0 = [], _gen2 = [], _threads = [], _waits = [];
    private Counters _at;
    private long _values;

    public void Start() => _at = Read();

    public void Stop(PaceTrace trace)
    {
        var now = Read();
        var late = PaceTraceSummary.Of(trace, trace.Frames[^1].Frame);
        _computeLate.Add(late.ComputeMs);
        _codecLate.Add(late.CodecMs);
        _linkLate.Add(late.LinkMs);
        _maxLate.Add(late.MaxMs);
        _waits.Add(late.Waits);
        _devicePaced.Add(late.DevicePacedMs);
        _helperPaced.Add(late.BusiestHelperPacedMs);
        _device.Add((now.Device - _at.Device).TotalMilliseconds);
        _helpers.Add((now.Helpers - _at.Helpers).TotalMilliseconds);
        _deviceHost.Add((now.DeviceHost - _at.DeviceHost).TotalMilliseconds);
        _helpersHost.Add((now.HelpersHost - _at.HelpersHost).TotalMilliseconds);
        _values += now.Values - _at.Values;
        _radio.Add((now.Bytes - _at.Bytes) * 8 / (linkMbps * 1e6) * 1e3);
        _pause.Add((now.Pause - _at.Pause).TotalMilliseconds);
        _gen0.Add(now.Gen0 - _at.Gen0);
        _gen2.Add(now.Gen2 - _at.Gen2);
        _threads.Add(ThreadPool.ThreadCount);
    }

    public TilesFrameDetail Detail => new(_device, _helpers, _deviceHost, _helpersHost, _radio, _pause, _gen0, _gen2, _threads)
    {
        CodecMsPerValue = _values > 0 ? (_device.Sum() + _helpers.Sum()) / _values : null,
        PacedWaits = _waits, ComputeOversleepMs = _computeLate, CodecOversleepMs = _codecLate, LinkOversleepMs = _linkLate, MaxOversleepMs = _maxLate,
        DeviceComputePacedMs = _devicePaced, BusiestHelperComputePacedMs = _helperPaced,
    };

    private Counters Read() =>
        new(runner.CodecWork.Held, Sum(h => h.Held), runner.CodecWork.Measured, Sum(h => h.Measured), runner.Link.BytesSent + runner.Link.BytesReceived,
         GC.GetTotalPauseDuration(), GC.CollectionCount(0), GC.CollectionCount(2),
            runner.CodecWork.Values + helpers.Sum(h => h.Values));

    private readonly record struct Counters(TimeSpan Device, TimeSpan Helpers, TimeSpan DeviceHost, TimeSpan HelpersHost, long Bytes, TimeSpan Pause, int Gen0, int Gen2, long Values);

    private TimeSpan Sum(Func<TileCodecPacer, TimeSpan> of) => helpers.Aggregate(TimeSpan.Zero, (t, h) => t + of(h));
}

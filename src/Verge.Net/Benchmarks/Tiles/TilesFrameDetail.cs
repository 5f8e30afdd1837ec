namespace Verge.Net.Benchmarks.Tiles;

/// <summary>
/// A case's measured frames one by one, beside <see cref="TilesCase.FrameMs"/>: the codec's time charged per frame
/// (the paced time of normalising, packing and unpacking strips; on the device and summed over the helpers), the
/// same work's time on this host, the radio's busy time (the frame's bytes at the link's bandwidth, both directions
/// added), and this process's garbage collection (pause and collections per generation) during the frame, and the thread pool's threads at its end. The helpers
/// run in the bench's process, so their collections are counted here too.
/// </summary>
public sealed record TilesFrameDetail(
    IReadOnlyList<double> DeviceCodecMs,
    IReadOnlyList<double> HelperCodecMs,
    IReadOnlyList<double> DeviceCodecHostMs,
    IReadOnlyList<double> HelperCodecHostMs,
    IReadOnlyList<double> RadioBusyMs,
    IReadOnlyList<double> GcPauseMs,
    IReadOnlyList<int> Gen0Collections,
    IReadOnlyList<int> Gen2Collections,
    IReadOnlyList<int> ThreadPoolThreads)
{
    /// <summary>The codec's charged time per value over all measured frames, device and helpers together; null when it handled none.</summary>
    public double? CodecMsPerValue { get; init; }

    /// <summary>Per frame, from the frame's <see cref="Links.PaceTrace"/>: how many paced waits it had (compute, codec, radio).</summary>
    public IReadOnlyList<int> PacedWaits { get; init; } = [];

    /// <summary>Per frame: how much later than their targets the compute waits woke, summed (oversleep).</summary>
    public IReadOnlyList<double> ComputeOversleepMs { get; init; } = [];

    /// <summary>Per frame: the codec waits' oversleep, summed.</summary>
    public IReadOnlyList<double> CodecOversleepMs { get; init; } = [];

    /// <summary>Per frame: the radio's waits' oversleep (a late timer, or its continuation queued on the thread pool), summed.</summary>
    public IReadOnlyList<double> LinkOversleepMs { get; init; } = [];

    /// <summary>Per frame: the largest single oversleep.</summary>
    public IReadOnlyList<double> MaxOversleepMs { get; init; } = [];

    /// <summary>Per frame: the compute the device was paced for (its tiles and the rest of the model), summed.</summary>
    public IReadOnlyList<double> DeviceComputePacedMs { get; init; } = [];

    /// <summary>Per frame: the compute the busiest helper was paced for, summed over its tiles.</summary>
    public IReadOnlyList<double> BusiestHelperComputePacedMs { get; init; } = [];
}

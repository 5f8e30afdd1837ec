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
}

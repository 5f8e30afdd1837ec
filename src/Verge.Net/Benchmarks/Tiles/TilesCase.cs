namespace Verge.Net.Benchmarks.Tiles;

/// <summary>
/// One measured point: the model's output over tiles against the whole model (max_rel_diff), the largest tile's peak
/// activation memory over the fused block's on one node, and the device-only median latency over the tiled one.
/// <see cref="Schedule"/> says how depth and grid were chosen: "fixed" (<see cref="Inference.Planning.InputWise.FusedDepth"/>'s
/// block, the grid given, helpers only) or "latency" (<see cref="Inference.Planning.InputWise.FusedLayout"/>, the device
/// taking tiles too: its count is last in <see cref="TilesPerHelper"/>), "chain" (blocks in sequence, every map stitched on the
/// device and cropped again) or "halo" (blocks in sequence under halo exchange: fixed bands, only halos on the radio). <see cref="PredictedMs"/> is the latency model's (null for fixed).
/// </summary>
public sealed record TilesCase(
    string Model,
    string Grid,
    int Helpers,
    double MaxRelDiff,
    double PeakMemoryRatio,
    double Speedup,
    double DeviceOnlyMs,
    double TiledMs,
    double MacsOverhead,
    long BlockPeakBytes,
    long TilePeakBytes,
    IReadOnlyList<int> TilesPerHelper,
    double UplinkKbPerFrame,
    string Schedule,
    string BlockEnd,
    double? PredictedMs)
{
    /// <summary>Every measured frame's latency, in order (the median of them is <see cref="TiledMs"/>).</summary>
    public IReadOnlyList<double> FrameMs { get; init; } = [];

    /// <summary>What else each measured frame took: codec time, radio, garbage collection.</summary>
    public TilesFrameDetail? FrameDetail { get; init; }

    /// <summary>
    /// For a halo chain with packed strips: the latency model's time for the same chain with each value that crosses
    /// charged <see cref="TilesFrameDetail.CodecMsPerValue"/> on both sides (the choosers charge the codec nothing).
    /// </summary>
    public double? PredictedWithCodecMs { get; init; }

    /// <summary>
    /// For a layout the latency model chose: its time by the same model with each tile priced at its own time, measured
    /// in the sitting this case was paced by, instead of its share of the block's MACs (and, with packed strips, the
    /// codec's measured time charged as in <see cref="PredictedWithCodecMs"/>).
    /// </summary>
    public double? PredictedWithTileTimesMs { get; init; }

    /// <summary>Per block, per tile index: the tile's measured share of its block's time (<see cref="Inference.Planning.InputWise.TileTiming.TileShares"/>).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<IReadOnlyList<double>>? TileShares { get; init; }

    /// <summary>Every paced span of the measured frames (not in the JSON: `--trace FILE` writes it).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public Links.PaceTrace? Trace { get; init; }
}

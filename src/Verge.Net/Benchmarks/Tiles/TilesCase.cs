namespace Verge.Net.Benchmarks.Tiles;

/// <summary>
/// One measured point: the model's output over tiles against the whole model (max_rel_diff), the largest tile's peak
/// activation memory over the fused block's on one node, and the device-only median latency over the tiled one.
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
    double UplinkKbPerFrame);

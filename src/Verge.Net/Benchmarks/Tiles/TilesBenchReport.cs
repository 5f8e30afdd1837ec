namespace Verge.Net.Benchmarks.Tiles;

/// <summary>Every case, the work-stealing check with one slow helper, and the acceptance lines of issue 15.</summary>
public sealed record TilesBenchReport(TilesBenchOptionsView Settings, IReadOnlyList<TilesCase> Cases, TilesCase? Heterogeneous, IReadOnlyList<string> Acceptance)
{
    /// <summary>Per model, under a declared 8-bit input: the share of exact zeros in each map that can end a block, on the camera frame.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> ZeroShares { get; init; } = new Dictionary<string, IReadOnlyDictionary<string, double>>();

    /// <summary>
    /// Per model: the device-only time measured once before the cases (paced by its own warm-up), which the latency
    /// model splits by MACs; each case's <see cref="TilesCase.DeviceOnlyMs"/> is its own run, paced by its tiles' sitting.
    /// </summary>
    public IReadOnlyDictionary<string, double> ModelDeviceOnlyMs { get; init; } = new Dictionary<string, double>();
}

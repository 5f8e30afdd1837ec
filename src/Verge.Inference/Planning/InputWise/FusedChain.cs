using Verge.Inference.Graph;

namespace Verge.Inference.Planning.InputWise;

/// <summary>
/// Fused blocks in sequence from the model's input, each tiled on its own grid by its own helpers: the device
/// stitches one block's tiles and tiles that map again for the next, then runs what follows the last block. One block
/// is DeepThings' Fused Tile Partitioning (Zhao et al., TCAD 2018); a block per layer is MoDNN's layer-wise split
/// (Mao et al., DATE 2017). Between them, the latency model picks where blocks end: a block boundary costs a stitch
/// and a second trip over the radio, but resets the halo that would otherwise grow over the whole map.
/// <see cref="PredictedMs"/> is every block's tile phase (<see cref="TileLatencyModel"/>, one after the other) plus
/// the rest of the model on the device. With <see cref="HaloExchange"/> the blocks run as <see cref="HaloSchedule"/>
/// says (helpers keep their bands between blocks; <see cref="HaloChain"/> chose it and predicted each block so).
/// </summary>
public sealed record FusedChain(IReadOnlyList<FusedLayout> Blocks, double RestMs, bool HaloExchange = false)
{
    public double PredictedMs => Blocks.Sum(b => b.Predicted.LatencyMs) + RestMs;

    public FusedBlock Last => Blocks[^1].Block;

    public string Grids => string.Join("+", Blocks.Select(b => b.Grid));

    public string Ends => string.Join(" → ", Blocks.Select(b => b.Block.Output));

    /// <summary>"halo" for a halo-exchange chain, "full crops" for one whose device stitches and re-tiles each map.</summary>
    public string Schedule => HaloExchange ? "halo" : "full crops";

    /// <summary>
    /// The fastest chain by the latency model, or null when the model has no fusable front. A shortest path over the
    /// feature maps that can end a block: from the input, each step one block × its best grid × the first 1…n helpers
    /// (every block's <see cref="TilePrediction.LatencyMs"/> is its tile phase alone: <paramref name="timing"/>'s rest
    /// is not added per block), then the rest after the last block. Ties keep fewer blocks. <paramref name="maxBlocks"/>
    /// 1 gives <see cref="FusedLayout.Choose"/>'s answer.
    /// </summary>
    public static FusedChain? Choose(ModelGraph graph, IReadOnlyList<TileGrid> grids, Func<FusedBlock, TileTiming> timing, int maxBlocks = 4)
    {
        // The frontier: after k steps, the fastest chain of k blocks to each map that can end a block.
        var frontier = new List<(FusedBlock? End, List<FusedLayout> Chain, double Ms)> { (null, [], 0) };
        FusedChain? best = null;
        var seen = new Dictionary<string, double>(StringComparer.Ordinal);
        for (int depth = 0; depth < maxBlocks && frontier.Count > 0; depth++)
        {
            var next = new Dictionary<string, (FusedBlock End, List<FusedLayout> Chain, double Ms)>(StringComparer.Ordinal);
            foreach (var (end, chain, ms) in frontier)
                foreach (var block in FusedBlock.Candidates(graph, end))
                {
                    var setting = timing(block);
                    if (FusedLayout.Choose(block, grids, setting with { RestMs = 0 }) is not { } layout) continue;
                    double total = ms + layout.Predicted.LatencyMs;
                    var steps = chain.Append(layout).ToList();
                    var candidate = new FusedChain(steps, setting.RestMs);
                    if (Better(candidate, best)) best = candidate;
                    // A longer chain to the same map only survives when it is strictly faster.
                    if ((!seen.TryGetValue(block.Output, out var had) || total < had - 1e-9)
                        && (!next.TryGetValue(block.Output, out var n) || total < n.Ms - 1e-9))
                        next[block.Output] = (block, steps, total);
                }
            foreach (var (name, n) in next) seen[name] = Math.Min(seen.GetValueOrDefault(name, double.MaxValue), n.Ms);
            frontier = next.Values.Select(n => ((FusedBlock?)n.End, n.Chain, n.Ms)).ToList();
        }
        return best;
    }

    /// <summary>Faster; on a tie, fewer blocks, then fewer tiles, then fewer helpers (as <see cref="FusedLayout"/> breaks its ties).</summary>
    private static bool Better(FusedChain chain, FusedChain? best) =>
        best is null || chain.PredictedMs < best.PredictedMs - 1e-9
        || (Math.Abs(chain.PredictedMs - best.PredictedMs) <= 1e-9 && Key(chain).CompareTo(Key(best)) < 0);

    private static (int, int, int) Key(FusedChain c) => (c.Blocks.Count, c.Blocks.Sum(b => b.Grid.Count), c.Blocks.Sum(b => b.Helpers));
}

using Verge.Inference.Graph;
using Verge.Inference.Planning.InputWise;
using Verge.Net.Tiles;

namespace Verge.Net.Benchmarks.Tiles;

/// <summary>
/// The latency model again with what a case measured: each tile priced at its own time from the sitting it was timed
/// in (<see cref="TileTiming.TileShares"/>) instead of its share of the block's MACs, and, for packed strips, the codec's
/// time per crossing value. The choosers never see these figures (they choose before anything runs); the case reports
/// how far the model's pricing, not the emulation, is from what ran.
/// </summary>
public static partial class TilesBench
{
    /// <summary>
    /// Per block, per tile index: the tile's time over the block's part of the whole model's time (split by MACs, as
    /// <see cref="Timing"/> splits the device-only run), both from one sitting.
    /// </summary>
    private static IReadOnlyList<IReadOnlyList<double>>? Shares(ModelGraph graph, IReadOnlyList<FusedTilePlan> plans, TileTypicalTimes.Sitting sitting)
    {
        if (sitting.Whole is not { } whole || whole <= TimeSpan.Zero) return null;
        double total = Math.Max(1, graph.Nodes.Sum(n => n.Macs));
        return plans.Select((p, b) =>
        {
            double blockTicks = whole.Ticks * TileShapes.BlockMacs(p.Block) / total;
            return (IReadOnlyList<double>)p.Tiles.OrderBy(t => t.Index).Select(t => sitting.Tiles[b][t.Index]!.Value.Ticks / blockTicks).ToList();
        }).ToList();
    }

    /// <summary>
    /// <paramref name="chain"/>'s time by the latency model as its chooser replays it (halo exchange or full crops), with
    /// every crossing value charged <paramref name="codecMsPerValue"/> and, when <paramref name="shares"/> is given (per
    /// block, per tile index, in the chain's block order), every tile priced by its measured share of its block's time.
    /// </summary>
    public static double Repredicted(FusedChain chain, Func<FusedBlock, TileTiming> timing, double codecMsPerValue, IReadOnlyList<IReadOnlyList<double>>? shares = null)
    {
        TileTiming Of(FusedLayout l, int b)
        {
            var t = timing(l.Block);
            if (shares is not null && shares[b].Count != l.Tiles.Count)
                throw new ArgumentException($"block {b} has {l.Tiles.Count} tiles but {shares[b].Count} measured shares", nameof(shares));
            return t with { HelperBlockMs = t.HelperBlockMs.Take(l.Helpers).ToList(), RestMs = 0, CodecMsPerValue = codecMsPerValue, TileShares = shares?[b] };
        }
        if (!chain.HaloExchange)
            return chain.Blocks.Select((l, b) => TileLatencyModel.Predict(l.Block, l.Tiles, Of(l, b)).LatencyMs).Sum() + chain.RestMs;
        var schedule = HaloSchedule.Build(chain.Blocks.Select(l => HaloBlock.Of(l.Tiles, l.Helpers, timing(l.Block).DeviceBlockMs is not null)).ToList());
        return chain.Blocks.Select((l, b) => HaloLatencyModel.Predict(schedule, b, l.Block, l.Tiles, Of(l, b)).LatencyMs).Sum() + chain.RestMs;
    }

    /// <summary><paramref name="c"/> with <see cref="TilesCase.PredictedWithTileTimesMs"/> set for <paramref name="chain"/> (unchanged without a sitting).</summary>
    private static TilesCase WithTileTimes(TilesCase c, FusedChain chain, Func<FusedBlock, TileTiming> timing) =>
        c.TileShares is { } shares ? c with { PredictedWithTileTimesMs = Repredicted(chain, timing, c.FrameDetail?.CodecMsPerValue ?? 0, shares) } : c;
}

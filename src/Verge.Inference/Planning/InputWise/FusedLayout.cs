using Verge.Inference.Graph;

namespace Verge.Inference.Planning.InputWise;

/// <summary>
/// A latency-optimal depth, grid and helper count for Fused Tile Partitioning: every fusable block × every candidate
/// grid × the first 1…n helpers replayed by <see cref="TileLatencyModel"/>, the fastest kept (ties: fewer tiles, then
/// fewer helpers). Fewer helpers win where a helper's round trip costs more than the work it would take over. DeepThings fixes both by hand per network
/// (Zhao et al., TCAD 2018, §VI-A); <see cref="FusedDepth"/> picks the depth for memory. Deeper blocks leave less for
/// the device but widen halos; finer grids balance helpers but cost a round trip and a halo per tile — which wins
/// depends on the helpers' speed against the radio, so the model decides.
/// </summary>
public sealed record FusedLayout(FusedBlock Block, TileGrid Grid, int Helpers, IReadOnlyList<TileShape> Tiles, TilePrediction Predicted)
{
    /// <summary>Every grid from 1×2 to 5×5 (strips included: one strip per helper repeats the least halo).</summary>
    public static IReadOnlyList<TileGrid> CandidateGrids { get; } =
        [.. from r in Enumerable.Range(1, 5) from c in Enumerable.Range(1, 5) where r * c >= 2 select new TileGrid(r, c)];

    /// <summary>The fastest layout of <paramref name="graph"/>, or null when it has no fusable front that a grid fits.</summary>
    public static FusedLayout? Choose(ModelGraph graph, IReadOnlyList<TileGrid> grids, Func<FusedBlock, TileTiming> timing)
    {
        FusedLayout? best = null;
        foreach (var block in FusedBlock.Candidates(graph))
            if (Choose(block, grids, timing(block)) is { } layout && Better(layout, best))
                best = layout;
        return best;
    }

    /// <summary>The fastest grid and helper count for one <paramref name="block"/>, or null when no grid fits its output.</summary>
    public static FusedLayout? Choose(FusedBlock block, IReadOnlyList<TileGrid> grids, TileTiming setting)
    {
        FusedLayout? best = null;
        foreach (var grid in grids)
        {
            if (block.OutputInfo.Shape[2] < grid.Rows || block.OutputInfo.Shape[3] < grid.Cols) continue;
            var tiles = TileShapes.Of(block, grid);
            for (int k = 1; k <= setting.HelperBlockMs.Count; k++)
            {
                var layout = new FusedLayout(block, grid, k, tiles, TileLatencyModel.Predict(block, tiles, setting with { HelperBlockMs = setting.HelperBlockMs.Take(k).ToList() }));
                if (Better(layout, best)) best = layout;
            }
        }
        return best;
    }

    private static bool Better(FusedLayout layout, FusedLayout? best) =>
        best is null || layout.Predicted.LatencyMs < best.Predicted.LatencyMs - 1e-9
        || (Math.Abs(layout.Predicted.LatencyMs - best.Predicted.LatencyMs) <= 1e-9 && (layout.Grid.Count, layout.Helpers).CompareTo((best.Grid.Count, best.Helpers)) < 0);
}

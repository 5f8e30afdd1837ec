using Verge.Inference.Graph;

namespace Verge.Inference.Planning.InputWise;

/// <summary>
/// How many layers to fuse. Deeper blocks leave less for the device to run but widen every tile's halo, so a tile's
/// memory grows towards the whole block's; DeepThings sets the depth per network by hand (Zhao et al., TCAD 2018,
/// §VI-A). Verge takes the deepest block that every grid fits and whose largest tile at the reference grid needs at
/// most <c>budget</c> of the block's peak activation memory on one node; without such a block, the deepest that fits.
/// </summary>
public static class FusedDepth
{
    public static readonly TileGrid ReferenceGrid = new(3, 3);

    public const double DefaultBudget = 0.6;

    public static FusedBlock Choose(ModelGraph graph, IReadOnlyList<TileGrid> grids, double budget = DefaultBudget)
    {
        var fitting = FusedBlock.Candidates(graph)
            .Where(c => grids.Append(ReferenceGrid).All(g => c.OutputInfo.Shape[2] >= g.Rows && c.OutputInfo.Shape[3] >= g.Cols)).ToList();
        if (fitting.Count == 0) return FusedBlock.Find(graph);
        for (int i = fitting.Count - 1; i >= 0; i--)
            if (FusedTilePartitioner.PeakMemoryRatio(fitting[i], ReferenceGrid) <= budget)
                return fitting[i];
        return fitting[^1];
    }
}

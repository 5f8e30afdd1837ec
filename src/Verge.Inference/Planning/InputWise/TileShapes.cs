namespace Verge.Inference.Planning.InputWise;

/// <summary>
/// The tiles of a block and grid as <see cref="TileShape"/>s, traced back through the block without building models
/// (cheap enough to weigh every depth × grid of a large CNN), and the reuse accounting: how many MACs the tiles'
/// overlapping halos compute more than once. DeepThings (Zhao et al., TCAD 2018, §V) counts that redundancy as the
/// price of independent tiles; fewer, larger tiles along the longer axis repeat less of it.
/// </summary>
public static class TileShapes
{
    public static IReadOnlyList<TileShape> Of(FusedBlock block, TileGrid grid)
    {
        var output = block.OutputInfo;
        return grid.Split(output.Shape[2], output.Shape[3]).Select(region => Of(block, region)).ToList();
    }

    /// <summary>One tile: the regions the block's layers compute for it, summed as MACs over the layers' full maps.</summary>
    public static TileShape Of(FusedBlock block, TileRegion region)
    {
        var graph = block.Graph;
        var need = FusedTilePartitioner.Trace(block, region);
        long macs = 0;
        foreach (var index in block.Nodes)
        {
            var output = graph.Proto.Graph.Node[index].Output[0];
            if (!need.TryGetValue(output, out var r)) continue;
            var full = graph.Tensors[output];
            macs += graph.Nodes[index].Macs * r.Area / Math.Max(1, full.Shape[2] * full.Shape[3]);
        }
        return new TileShape(region, need[block.Input], macs);
    }

    /// <summary>The block's MACs when it runs whole on one node.</summary>
    public static long BlockMacs(FusedBlock block) => block.Nodes.Sum(i => block.Graph.Nodes[i].Macs);

    /// <summary>MACs the tiles compute more than once (their halos overlap): Σ tile MACs − the block's MACs, never below 0.</summary>
    public static long RecomputedMacs(FusedBlock block, IReadOnlyList<TileShape> tiles) => Math.Max(0, tiles.Sum(t => t.Macs) - BlockMacs(block));
}

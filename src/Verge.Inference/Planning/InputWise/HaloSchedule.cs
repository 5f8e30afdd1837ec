namespace Verge.Inference.Planning.InputWise;

/// <summary>
/// Halo exchange over a chain of fused blocks: every worker owns the same band of tiles in every block and keeps
/// what it computed, so between blocks only the strips of a map that a worker's next windows read outside its own
/// band cross the radio (the neighbours' halo), not the whole map twice (back, then out again as crops). The device
/// sends each worker only the parts of a window it does not hold yet; each worker returns only the parts of its
/// output another worker reads next; after the last block the whole output returns. DeepThings keeps overlap data
/// between dependent tiles for the same reason (Zhao et al., TCAD 2018, §V); MoDNN exchanges only boundary rows
/// between layer-wise partitions (Mao et al., DATE 2017). The device and the latency model share this one plan.
/// </summary>
public sealed class HaloSchedule
{
    private HaloSchedule(IReadOnlyList<IReadOnlyList<HaloTile>> blocks) => Blocks = blocks;

    /// <summary>Per block, per tile (in index order).</summary>
    public IReadOnlyList<IReadOnlyList<HaloTile>> Blocks { get; }

    public static HaloSchedule Build(IReadOnlyList<HaloBlock> blocks)
    {
        var result = new List<IReadOnlyList<HaloTile>>();
        // The last call of each helper over the whole frame ends its frame.
        var lastCall = new Dictionary<int, (int Block, int Tile)>();
        for (int b = 0; b < blocks.Count; b++)
            for (int k = 0; k < blocks[b].Outputs.Count; k++)
                if (blocks[b].Worker(k) is var w and not HaloTile.OnDevice) lastCall[w] = (b, k);
        for (int b = 0; b < blocks.Count; b++)
        {
            var block = blocks[b];
            var next = b + 1 < blocks.Count ? blocks[b + 1] : null;
            var prev = b > 0 ? blocks[b - 1] : null;
            // What each helper holds of this block's input map: its own outputs of the block before.
            var held = new Dictionary<int, List<TileRegion>>();
            if (prev is not null)
                for (int k = 0; k < prev.Outputs.Count; k++)
                    if (prev.Worker(k) is var w and not HaloTile.OnDevice) Held(held, w).Add(prev.Outputs[k]);
            var tiles = new List<HaloTile>();
            for (int k = 0; k < block.Outputs.Count; k++)
            {
                int w = block.Worker(k);
                if (w == HaloTile.OnDevice)
                {
                    tiles.Add(new HaloTile(w, [], [], false, next is not null, false, false));
                    continue;
                }
                var mine = Held(held, w);
                bool expects = mine.Count > 0;
                var strips = RegionCells.Subtract(block.Windows[k], mine);
                mine.AddRange(strips);
                var back = next is null ? [] : RegionCells.Intersect(block.Outputs[k], ReadByOthers(next, w));
                bool end = lastCall[w] == (b, k);
                tiles.Add(new HaloTile(w, strips, back, next is null, next is not null && !end, expects, end));
            }
            result.Add(tiles);
        }
        return new HaloSchedule(result);
    }

    /// <summary>The windows of <paramref name="next"/>'s tiles that another worker than <paramref name="worker"/> computes.</summary>
    private static List<TileRegion> ReadByOthers(HaloBlock next, int worker) =>
        Enumerable.Range(0, next.Outputs.Count).Where(j => next.Worker(j) != worker).Select(j => next.Windows[j]).ToList();

    private static List<TileRegion> Held(Dictionary<int, List<TileRegion>> held, int worker) =>
        held.TryGetValue(worker, out var list) ? list : held[worker] = [];
}

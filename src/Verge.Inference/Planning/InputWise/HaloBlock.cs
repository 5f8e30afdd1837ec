namespace Verge.Inference.Planning.InputWise;

/// <summary>
/// One block of a chain as halo exchange sees it: each tile's output region and input window (in the block's output
/// and input maps), how many helpers (the first ones) the block uses, and whether the device computes tiles too.
/// </summary>
public sealed record HaloBlock(IReadOnlyList<TileRegion> Outputs, IReadOnlyList<TileRegion> Windows, int Helpers, bool Device)
{
    public static HaloBlock Of(IReadOnlyList<TileShape> tiles, int helpers, bool device) =>
        new(tiles.Select(t => t.Output).ToList(), tiles.Select(t => t.Input).ToList(), helpers, device);

    public static HaloBlock Of(FusedTilePlan plan, int helpers, bool device) =>
        new(plan.Tiles.Select(t => t.Output).ToList(), plan.Tiles.Select(t => t.Input).ToList(), helpers, device);

    /// <summary>
    /// The fixed owner of tile <paramref name="k"/>: helper 0…n−1, or <see cref="HaloTile.OnDevice"/>. Tiles go in
    /// index order (row by row) to workers in contiguous runs, so each worker owns one band of the map in every block
    /// and its neighbours' halo is all it lacks.
    /// </summary>
    public int Worker(int k)
    {
        int workers = Helpers + (Device ? 1 : 0);
        int w = (int)((long)k * workers / Outputs.Count);
        return w == Helpers ? HaloTile.OnDevice : w;
    }
}

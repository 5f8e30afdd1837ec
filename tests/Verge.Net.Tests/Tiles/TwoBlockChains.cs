using Verge.Inference.Graph;
using Verge.Inference.Planning.InputWise;
using Verge.Learning.Export;
using Verge.Learning.Models;

namespace Verge.Net.Tests.Tiles;

/// <summary>The small models and two-block chains the halo-exchange and packed-strip tests run.</summary>
internal static class TwoBlockChains
{
    /// <summary>A zoo model, or a trainable zoo model exported with seed 2.</summary>
    public static ModelGraph Load(string model) => model.StartsWith("zoo:", StringComparison.Ordinal) ? TestZoo.Load(model)
        : ModelGraph.FromProto(OnnxExporter.Export(TrainableZoo.Create(model, seed: 2)), model);

    /// <summary>Two blocks in sequence on <paramref name="grid"/> each (the second as fine as its map allows).</summary>
    public static IReadOnlyList<FusedTilePlan> Chain(ModelGraph graph, int grid)
    {
        var first = FusedBlock.Candidates(graph).First(c => c.OutputInfo.Shape[2] >= grid && FusedBlock.Candidates(graph, c).Any(n => n.OutputInfo.Shape[2] >= grid));
        var second = FusedBlock.Candidates(graph, first).Last(c => c.OutputInfo.Shape[2] >= grid);
        return [FusedTilePartitioner.Partition(first, new TileGrid(grid, grid), withRest: false), FusedTilePartitioner.Partition(second, new TileGrid(grid, grid))];
    }
}

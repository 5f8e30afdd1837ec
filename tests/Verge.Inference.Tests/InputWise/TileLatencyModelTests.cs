using Verge.Core.Units;
using Verge.Inference.Planning;
using Verge.Inference.Planning.InputWise;

namespace Verge.Inference.Tests.InputWise;

public sealed class TileLatencyModelTests
{
    private static TileTiming Timing(int helpers, double mbps, double rttMs = 2, bool deviceWorks = true, double blockMs = 100, double restMs = 10) =>
        new(Enumerable.Repeat(blockMs, helpers).ToList(), deviceWorks ? blockMs : null, restMs, Bandwidth.FromMbps(mbps), rttMs, new MessageCost(0.5, 0));

    [Fact]
    public void OneTileOnOneHelperCostsItsTripsItsComputeAndTheRest()
    {
        var block = FusedBlock.Candidates(TileModels.VggMini())[0];
        var tile = TileShapes.Of(block, new TileGrid(1, 1));
        var timing = Timing(1, 8, rttMs: 4, deviceWorks: false);

        var p = TileLatencyModel.Predict(block, tile, timing);

        long up = block.InputInfo.Bytes, down = block.OutputInfo.Bytes;
        double want = up * 8 / 8e6 * 1000 + 0.5 + 2 + 100 + down * 8 / 8e6 * 1000 + 0.5 + 2 + 10;
        Assert.Equal(want, p.LatencyMs, 6);
        Assert.Equal([up], p.BytesToHelper);
        Assert.Equal([down], p.BytesFromHelper);
        Assert.Equal([1], p.TilesPerWorker);
    }

    [Fact]
    public void OnAFreeRadioTheChoiceSpreadsTheBlockAndBeatsTheDeviceAlone()
    {
        var graph = TileModels.VggMini();
        var layout = FusedLayout.Choose(graph, FusedLayout.CandidateGrids, b => Timing(3, 1e6, rttMs: 0, blockMs: 100 * TileShapes.BlockMacs(b) / (double)graph.Nodes.Sum(n => n.Macs)))!;

        Assert.True(layout.Predicted.TilesPerWorker.All(k => k > 0), $"every worker computes: [{string.Join(",", layout.Predicted.TilesPerWorker)}]");
        Assert.True(layout.Predicted.LatencyMs < 100 * 0.6 + 10, $"predicted {layout.Predicted.LatencyMs} ms against 110 ms on the device alone");
        foreach (var block in FusedBlock.Candidates(graph))
            foreach (var grid in FusedLayout.CandidateGrids.Where(g => g.Rows <= block.OutputInfo.Shape[2] && g.Cols <= block.OutputInfo.Shape[3]))
                Assert.True(TileLatencyModel.Predict(block, TileShapes.Of(block, grid), Timing(3, 1e6, rttMs: 0, blockMs: 100 * TileShapes.BlockMacs(block) / (double)graph.Nodes.Sum(n => n.Macs))).LatencyMs
                            >= layout.Predicted.LatencyMs - 1e-9, $"{block.Output} {grid} predicts faster than the choice");
    }

    [Fact]
    public void OnADeadSlowRadioOneHelperTakesOneTileAndTheDeviceTheRest()
    {
        var graph = TileModels.ResNetTiny();
        var layout = FusedLayout.Choose(graph, FusedLayout.CandidateGrids, _ => Timing(3, 0.001))!;

        Assert.Equal(1, layout.Helpers);
        Assert.Equal([1, layout.Tiles.Count - 1], layout.Predicted.TilesPerWorker);
    }

    [Fact]
    public void ChosenLayoutStitchesToTheWholeModel()
    {
        var graph = TileModels.ResNetTiny();
        var layout = FusedLayout.Choose(graph, FusedLayout.CandidateGrids, _ => Timing(3, 100))!;
        var plan = FusedTilePartitioner.Partition(layout.Block, layout.Grid);
        var image = FusedTilePartitionerTests.Image(layout.Block.InputInfo);
        using var tiles = new TileExecutor(plan);
        var got = tiles.Run(image);

        foreach (var (name, expected) in FusedTilePartitionerTests.Whole(graph, image))
            Assert.True(FusedTilePartitionerTests.MaxRelativeDifference(expected, got[name]) <= 1e-5, $"{layout.Grid} ending at {layout.Block.Output}: '{name}' differs");
    }

    [Fact]
    public void ReuseAccountingCountsTheHalosComputedTwice()
    {
        var block = FusedBlock.Candidates(TileModels.VggMini()).Last(c => c.OutputInfo.Shape[2] >= 3);
        long Recomputed(int r, int c) => TileShapes.RecomputedMacs(block, TileShapes.Of(block, new TileGrid(r, c)));

        Assert.Equal(0, Recomputed(1, 1));
        Assert.True(Recomputed(1, 3) > 0);
        Assert.True(Recomputed(3, 3) > Recomputed(1, 3), "a 3×3 grid repeats the halos of three strips and more");
        var plan = FusedTilePartitioner.Partition(block, new TileGrid(3, 3));
        Assert.Equal(plan.Tiles.Select(t => t.Macs), TileShapes.Of(block, new TileGrid(3, 3)).Select(t => t.Macs));
        Assert.Equal(plan.MacsOverhead, 1 + Recomputed(3, 3) / (double)TileShapes.BlockMacs(block), 9);
    }
}

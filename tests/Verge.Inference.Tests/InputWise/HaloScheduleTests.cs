using Verge.Core.Units;
using Verge.Inference.Graph;
using Verge.Inference.Planning;
using Verge.Inference.Planning.InputWise;

namespace Verge.Inference.Tests.InputWise;

public sealed class HaloScheduleTests
{
    private static TileRegion R(long r0, long r1, long c0, long c1) => new(new AxisSpan(r0, r1), new AxisSpan(c0, c1));

    [Fact]
    public void AWindowLessItsCentreIsARingOfStripsAndTheCentreIsTheOverlap()
    {
        var window = R(0, 10, 0, 8);
        var centre = R(2, 7, 3, 8);

        var ring = RegionCells.Subtract(window, [centre, R(20, 30, 0, 8)]);
        var overlap = RegionCells.Intersect(window, [centre, R(5, 30, 6, 20)]);

        Assert.Equal(window.Area - centre.Area, RegionCells.Area(ring));
        Assert.All(ring, s => Assert.Null(RegionCells.Overlap(s, centre)));
        Assert.True(ring.Count <= 3, $"{ring.Count} strips");
        // The centre, and rows 7–9 × columns 6–7 that only the second rectangle covers: each cell once.
        Assert.Equal(centre.Area + 3 * 2, RegionCells.Area(overlap));
        Assert.Empty(RegionCells.Intersect(window, [R(10, 12, 0, 8)]));
    }

    private static (FusedBlock First, FusedBlock Second) TwoBlocks(ModelGraph graph, int grid)
    {
        var first = FusedBlock.Candidates(graph).First(c => c.OutputInfo.Shape[2] >= grid && FusedBlock.Candidates(graph, c).Any(n => n.OutputInfo.Shape[2] >= grid));
        return (first, FusedBlock.Candidates(graph, first).Last(c => c.OutputInfo.Shape[2] >= grid));
    }

    [Theory]
    [InlineData("resnet-tiny", 2, 2, false)]
    [InlineData("resnet-tiny", 3, 3, true)]
    [InlineData("vgg-mini", 3, 3, false)]
    public void EveryHelperGetsAllOfItsWindowsAndLessCrossesTheBoundaryThanFullCrops(string model, int grid, int helpers, bool device)
    {
        var graph = model == "vgg-mini" ? TileModels.VggMini() : TileModels.ResNetTiny();
        var (first, second) = TwoBlocks(graph, grid);
        var blocks = new[] { HaloBlock.Of(TileShapes.Of(first, new TileGrid(grid, grid)), helpers, device), HaloBlock.Of(TileShapes.Of(second, new TileGrid(grid, grid)), helpers, device) };

        var schedule = HaloSchedule.Build(blocks);

        // Second block: a helper's window is its own first-block outputs plus the strips sent to it, nothing missing.
        for (int k = 0; k < blocks[1].Outputs.Count; k++)
        {
            var tile = schedule.Blocks[1][k];
            if (tile.Worker == HaloTile.OnDevice) continue;
            var held = Enumerable.Range(0, blocks[0].Outputs.Count).Where(j => blocks[0].Worker(j) == tile.Worker).Select(j => blocks[0].Outputs[j])
                .Concat(Enumerable.Range(0, k + 1).Where(j => schedule.Blocks[1][j].Worker == tile.Worker).SelectMany(j => schedule.Blocks[1][j].Strips)).ToList();
            Assert.Empty(RegionCells.Subtract(blocks[1].Windows[k], held));
        }
        // Across the boundary: the returned strips and the strips sent out, against every first-block output back and every second-block window out.
        long halo = schedule.Blocks[0].Sum(t => RegionCells.Area(t.SendBack)) + schedule.Blocks[1].Sum(t => RegionCells.Area(t.Strips));
        long full = Enumerable.Range(0, blocks[0].Outputs.Count).Where(k => blocks[0].Worker(k) != HaloTile.OnDevice).Sum(k => blocks[0].Outputs[k].Area)
                    + Enumerable.Range(0, blocks[1].Outputs.Count).Where(k => blocks[1].Worker(k) != HaloTile.OnDevice).Sum(k => blocks[1].Windows[k].Area);
        Assert.InRange(halo, 1, full - 1);
        Assert.All(schedule.Blocks[1].Where(t => t.Worker != HaloTile.OnDevice), t => Assert.True(t.FullBack && !t.Keep));
        Assert.Equal(helpers, schedule.Blocks.SelectMany(b => b).Count(t => t.EndFrame));
    }

    [Fact]
    public void OnASlowRadioTheHaloChainMovesFewerBytesThanFullCropsOfItsOwnBlocks()
    {
        var graph = TileModels.ResNetTiny();
        double total = graph.Nodes.Sum(n => n.Macs);
        TileTiming Timing(FusedBlock b) => new(Enumerable.Repeat(100 * TileShapes.BlockMacs(b) / total, 3).ToList(), 100 * TileShapes.BlockMacs(b) / total,
            100 * graph.Nodes.Where(n => n.Index > b.Nodes[^1]).Sum(n => n.Macs) / total, Bandwidth.FromMbps(20), 2, new MessageCost(0.5, 0));

        var chain = HaloChain.Choose(graph, FusedLayout.CandidateGrids, Timing)!;

        Assert.True(chain.HaloExchange);
        Assert.Equal("halo", chain.Schedule);
        long halo = chain.Blocks.Sum(b => b.Predicted.BytesToHelper.Sum() + b.Predicted.BytesFromHelper.Sum());
        long full = chain.Blocks.Sum(b =>
        {
            var p = TileLatencyModel.Predict(b.Block, b.Tiles, Timing(b.Block) with { HelperBlockMs = Timing(b.Block).HelperBlockMs.Take(b.Helpers).ToList(), RestMs = 0 });
            return p.BytesToHelper.Sum() + p.BytesFromHelper.Sum();
        });
        Assert.InRange(halo, 1, full - 1);
        Assert.Equal(chain.Blocks.Sum(b => b.Predicted.LatencyMs) + chain.RestMs, chain.PredictedMs, 9);
    }
}

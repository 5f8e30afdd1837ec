using Verge.Core.Units;
using Verge.Inference.Graph;
using Verge.Inference.Planning;
using Verge.Inference.Planning.InputWise;

namespace Verge.Inference.Tests.InputWise;

public sealed class FusedChainTests
{
    /// <summary>Equal helpers and device, every node's time by MACs (100 ms for the whole model), the rest after the block on the device.</summary>
    private static Func<FusedBlock, TileTiming> Timing(ModelGraph graph, int helpers, double mbps, double rttMs, double messageMs)
    {
        double total = graph.Nodes.Sum(n => n.Macs);
        return b =>
        {
            double blockMs = 100 * TileShapes.BlockMacs(b) / total;
            double restMs = 100 * graph.Nodes.Where(n => n.Index > b.Nodes[^1]).Sum(n => n.Macs) / total;
            return new TileTiming(Enumerable.Repeat(blockMs, helpers).ToList(), blockMs, restMs, Bandwidth.FromMbps(mbps), rttMs, new MessageCost(messageMs, 0));
        };
    }

    [Theory]
    [InlineData("resnet-tiny", 2, 2, 1, 2)]
    [InlineData("resnet-tiny", 3, 3, 2, 2)]
    [InlineData("vgg-mini", 2, 2, 3, 1)]
    [InlineData("windows", 2, 3, 2, 2)]
    public void TwoBlocksStitchedAndTiledAgainEqualTheWholeModel(string model, int rows1, int cols1, int rows2, int cols2)
    {
        var graph = model switch { "resnet-tiny" => TileModels.ResNetTiny(), "vgg-mini" => TileModels.VggMini(), _ => TileModels.Windows() };
        var first = FusedBlock.Candidates(graph).First(c => c.OutputInfo.Shape[2] >= rows1 && c.OutputInfo.Shape[3] >= cols1 && FusedBlock.Candidates(graph, c).Count > 0);
        var second = FusedBlock.Candidates(graph, first).Last(c => c.OutputInfo.Shape[2] >= rows2 && c.OutputInfo.Shape[3] >= cols2);
        Assert.Equal(first.Output, second.Input);
        Assert.Equal(first.Nodes[^1] + 1, second.Nodes[0]);
        var plans = new[] { FusedTilePartitioner.Partition(first, new TileGrid(rows1, cols1), withRest: false), FusedTilePartitioner.Partition(second, new TileGrid(rows2, cols2)) };
        var image = FusedTilePartitionerTests.Image(first.InputInfo);
        using var tiles = new TileExecutor(plans);
        var got = tiles.Run(image);

        foreach (var (name, expected) in FusedTilePartitionerTests.Whole(graph, image))
            Assert.True(FusedTilePartitionerTests.MaxRelativeDifference(expected, got[name]) <= 1e-5, $"{model} {first.Output} → {second.Output}: '{name}' differs");
    }

    [Fact]
    public void OneBlockAtMostIsTheSingleLayoutsChoice()
    {
        var graph = TileModels.ResNetTiny();
        var timing = Timing(graph, 3, 100, 2, 0.5);
        var chain = FusedChain.Choose(graph, FusedLayout.CandidateGrids, timing, maxBlocks: 1)!;
        var single = FusedLayout.Choose(graph, FusedLayout.CandidateGrids, timing)!;

        Assert.Single(chain.Blocks);
        Assert.Equal((single.Block.Output, single.Grid, single.Helpers), (chain.Last.Output, chain.Blocks[0].Grid, chain.Blocks[0].Helpers));
        Assert.Equal(single.Predicted.LatencyMs, chain.PredictedMs, 9);
    }

    [Fact]
    public void OnAFreeRadioTheChainTilesMoreOfTheModelThanOneBlock()
    {
        var graph = TileModels.VggMini();
        var timing = Timing(graph, 3, 1e6, 0, 0);
        var chain = FusedChain.Choose(graph, FusedLayout.CandidateGrids, timing)!;
        var single = FusedLayout.Choose(graph, FusedLayout.CandidateGrids, timing)!;

        Assert.True(chain.Blocks.Count >= 2, $"one block: {chain.Ends}");
        Assert.True(chain.PredictedMs < single.Predicted.LatencyMs - 1, $"chain {chain.PredictedMs} ms vs one block {single.Predicted.LatencyMs} ms");
        Assert.True(chain.Last.Nodes[^1] >= single.Block.Nodes[^1], "the chain reaches at least as deep as one block");
    }

    [Fact]
    public void OnASlowRadioABlockBoundaryIsNotWorthItsSecondTrip()
    {
        var graph = TileModels.VggMini();
        var chain = FusedChain.Choose(graph, FusedLayout.CandidateGrids, Timing(graph, 3, 0.01, 50, 5))!;

        Assert.Single(chain.Blocks);
    }

    [Fact]
    public void ABlockBoundaryResetsTheHaloSoTwoBlocksRecomputeLessThanOne()
    {
        var graph = TileModels.VggMini();
        var grid = new TileGrid(3, 3);
        var whole = FusedBlock.Candidates(graph).Last(c => c.OutputInfo.Shape[2] >= 3);
        var first = FusedBlock.Candidates(graph).First(c => c.Nodes.Count > 1 && c.Nodes[^1] < whole.Nodes[^1] && c.OutputInfo.Shape[2] >= 3);
        var second = FusedBlock.Candidates(graph, first).Single(c => c.Output == whole.Output);
        long Recomputed(FusedBlock b) => TileShapes.RecomputedMacs(b, TileShapes.Of(b, grid));

        Assert.Equal(TileShapes.BlockMacs(whole), TileShapes.BlockMacs(first) + TileShapes.BlockMacs(second));
        Assert.True(Recomputed(first) + Recomputed(second) < Recomputed(whole),
            $"two blocks recompute {Recomputed(first) + Recomputed(second)} MACs, one block {Recomputed(whole)}");
    }
}

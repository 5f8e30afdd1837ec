using Verge.Core.Units;
using Verge.Inference.Planning;
using Verge.Inference.Planning.InputWise;

namespace Verge.Inference.Tests.InputWise;

/// <summary>
/// Both tile latency models price a tile by its measured share of the block's time when one is given
/// (<see cref="TileTiming.TileShares"/>), by its share of the block's MACs otherwise.
/// </summary>
public sealed class TileSharesTests
{
    private static TileTiming Timing(int helpers) =>
        new(Enumerable.Repeat(100.0, helpers).ToList(), 100.0, 10, Bandwidth.FromMbps(1e6), 0, new MessageCost(0, 0));

    private static IReadOnlyList<double> MacShares(FusedBlock block, IReadOnlyList<TileShape> tiles) =>
        tiles.Select(t => t.Macs / (double)TileShapes.BlockMacs(block)).ToList();

    [Fact]
    public void MeasuredSharesEqualToTheMacSharesPredictTheSame()
    {
        var block = FusedBlock.Candidates(TileModels.ResNetTiny())[0];
        var tiles = TileShapes.Of(block, new TileGrid(3, 3));
        var byMacs = TileLatencyModel.Predict(block, tiles, Timing(2));
        var measured = TileLatencyModel.Predict(block, tiles, Timing(2) with { TileShares = MacShares(block, tiles) });

        Assert.Equal(byMacs.LatencyMs, measured.LatencyMs, 9);
        Assert.Equal(byMacs.TilesPerWorker, measured.TilesPerWorker);
    }

    [Fact]
    public void TilesMeasuredSlowerPerMacCostTheWorkersThatMuchMoreCompute()
    {
        var block = FusedBlock.Candidates(TileModels.ResNetTiny())[0];
        var tiles = TileShapes.Of(block, new TileGrid(2, 2));
        var schedule = HaloSchedule.Build([HaloBlock.Of(tiles, 3, device: true)]);
        var byMacs = HaloLatencyModel.Predict(schedule, 0, block, tiles, Timing(3));
        var slower = HaloLatencyModel.Predict(schedule, 0, block, tiles, Timing(3) with { TileShares = MacShares(block, tiles).Select(s => s * 1.3).ToList() });

        Assert.Equal(byMacs.ComputeMsPerWorker.Select(ms => ms * 1.3), slower.ComputeMsPerWorker, (a, b) => Math.Abs(a - b) < 1e-9);
        Assert.True(slower.LatencyMs > byMacs.LatencyMs, $"{slower.LatencyMs} ms priced slower against {byMacs.LatencyMs} ms by MACs");
    }
}

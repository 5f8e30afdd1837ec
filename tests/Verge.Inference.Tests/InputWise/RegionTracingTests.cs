using Verge.Inference.Planning.InputWise;

namespace Verge.Inference.Tests.InputWise;

public sealed class RegionTracingTests
{
    [Theory]
    [InlineData(0, 4, 0, 5, 1, 0)]   // top tile keeps the image's top padding
    [InlineData(4, 8, 3, 8, 0, 1)]   // bottom tile keeps the bottom padding
    [InlineData(2, 5, 1, 6, 0, 0)]   // an interior tile has none
    public void SamePaddedConvolutionReadsOneHaloRow(long start, long end, long inStart, long inEnd, long padBegin, long padEnd)
    {
        var (input, pb, pe) = new SpatialWindow(3, 1, 1, 1).Trace(new AxisSpan(start, end), 8);

        Assert.Equal(new AxisSpan(inStart, inEnd), input);
        Assert.Equal((padBegin, padEnd), (pb, pe));
    }

    [Fact]
    public void StridedAndDilatedWindowsWiden()
    {
        // 3×3 stride 2 pad 1 on 16 rows gives 8: outputs 4..8 read rows 7..16.
        Assert.Equal((new AxisSpan(7, 16), 0L, 0L), new SpatialWindow(3, 2, 1, 1).Trace(new AxisSpan(4, 8), 16));
        // dilation 2 doubles the reach: outputs 0..2 of a 3×3, pad 2 read rows 0..4 with 2 rows of padding above.
        Assert.Equal((new AxisSpan(0, 4), 2L, 0L), new SpatialWindow(3, 1, 2, 2).Trace(new AxisSpan(0, 2), 10));
    }

    [Fact]
    public void TracingThroughABlockUnionsBranches()
    {
        var block = FusedBlock.Find(TileModels.Windows());
        var output = block.OutputInfo;
        var corner = new TileRegion(new AxisSpan(0, 1), new AxisSpan(0, 1));
        var need = FusedTilePartitioner.Trace(block, corner);

        // The residual join reads the stem output on the union of its own tile and the two-conv branch's reach.
        Assert.True(need["stem.relu"].Contains(need["join"]));
        Assert.Equal(0, need[block.Input].Rows.Start);
        Assert.True(need[block.Input].Rows.End < block.InputInfo.Shape[2]);
        Assert.Equal(new TileRegion(new AxisSpan(0, output.Shape[2]), new AxisSpan(0, output.Shape[3])),
            FusedTilePartitioner.Trace(block, new TileRegion(new AxisSpan(0, output.Shape[2]), new AxisSpan(0, output.Shape[3])))[block.Output]);
    }

    [Fact]
    public void GridSplitsEvenlyAndRefusesTooFine()
    {
        var tiles = new TileGrid(3, 2).Split(7, 5);

        Assert.Equal(6, tiles.Count);
        Assert.Equal([2L, 2, 3], tiles.Where(t => t.Cols.Start == 0).Select(t => t.Rows.Length));
        Assert.Throws<Verge.Core.Errors.InputException>(() => new TileGrid(4, 4).Split(3, 3));
        Assert.Equal(new TileGrid(3, 3), TileGrid.Parse("3x3"));
        Assert.Throws<Verge.Core.Errors.UsageException>(() => TileGrid.Parse("3by3"));
    }
}

using Verge.Inference.Graph;
using Verge.Inference.Graph.Cuts;
using Verge.Inference.Tests.Planning;
using Verge.Inference.Tests.Support;

namespace Verge.Inference.Tests.Cuts;

public sealed class CutEnumeratorTests
{
    [Fact]
    public void ChainHasOneTensorPerCutFromInputToOutput()
    {
        var g = TestGraphs.Chain(1000, 500, 20, 300);
        var cuts = CutEnumerator.Enumerate(g);

        Assert.Equal(4, cuts.Count);
        Assert.All(cuts, c => Assert.Single(c.Tensors));
        Assert.Equal(["input"], cuts[0].Tensors);
        Assert.Equal(-1, cuts[0].Position);
        Assert.Equal([4000L, 2000, 80, 1200], cuts.Select(c => c.Bytes));
        Assert.Equal(g.Outputs[0].Name, cuts[^1].Tensors[0]);
        Assert.Equal(0, cuts[^1].TailMacs);
        Assert.Equal(g.MacsTotal, cuts[^1].HeadMacs);
        Assert.Equal(1000 * 500, cuts[1].HeadMacs);
    }

    [Fact]
    public void ResNet18CutsCarrySkipConnectionsAndCoverTheModel()
    {
        var g = TestZoo.Load("zoo:resnet18");
        var cuts = CutEnumerator.Enumerate(g);

        Assert.Equal([g.Inputs[0].Name], cuts[0].Tensors);
        Assert.Equal([g.Outputs[0].Name], cuts[^1].Tensors);
        Assert.Equal(g.Nodes.Count - 1, cuts[^1].Position);
        Assert.Equal(Enumerable.Range(0, cuts.Count), cuts.Select(c => c.Id));
        Assert.All(cuts, c => Assert.Equal(g.MacsTotal, c.HeadMacs + c.TailMacs));
        // Inside a residual block the block's input travels alongside the main branch.
        Assert.Contains(cuts, c => c.Tensors.Count == 2);
        Assert.Equal(cuts.Count, cuts.Select(c => string.Join(',', c.Tensors)).Distinct().Count());
        Assert.True(cuts.Select(c => c.Position).SequenceEqual(cuts.Select(c => c.Position).Order()));
        Assert.All(cuts, c => Assert.Equal(c.Tensors.Sum(t => g.Tensors[t].Bytes), c.Bytes));
    }

    [Fact]
    public void DagCutTensorsAreMadeBeforeAndReadAfter()
    {
        // Every crossing tensor is made at or before the cut and still wanted after it.
        var g = TestGraphs.RandomDag(new Random(3), 6);
        var flow = new DataFlow(g);
        foreach (var cut in CutEnumerator.Enumerate(g))
            foreach (var t in cut.Tensors)
            {
                Assert.True(flow.Producer[t] <= cut.Position);
                Assert.True(flow.ReadersOf[t][^1] > cut.Position);
            }
    }
}

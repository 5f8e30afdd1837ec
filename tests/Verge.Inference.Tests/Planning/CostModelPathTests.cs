using Verge.Inference.Planning;

namespace Verge.Inference.Tests.Planning;

/// <summary>
/// Cost-model cases the mutation check found untested (docs/results/mutation.md): node timings scaled to the
/// optimised whole-model time, and transfers over a path of two links (device → edge → cloud) paying for both.
/// </summary>
public sealed class CostModelPathTests
{
    [Theory]
    [InlineData(10.0, 20.0)]  // the graph runs in half the sum of its node timings (fused by the optimiser)
    [InlineData(0.0, 40.0)]   // no whole-model time: node timings as they are
    public void NodeTimingsAreScaledToTheOptimisedWholeModelTime(double optimizedMs, double deviceOnlyMs)
    {
        var g = TestGraphs.Chain(1000, 2000, 50);
        var profile = TestGraphs.Profile(g, _ => 10) with { OptimizedMs = optimizedMs };
        var costs = new CostModel(new PlanningProblem(g, profile, Topologies.DeviceEdge(0.5, 2, "8Mbps", 30), new PlanningOptions()));
        // Two nodes of 10 ms at speed 0.5, times OptimizedMs / 20 ms.
        Assert.Equal(deviceOnlyMs, costs.Build("device-only", [costs.Device], [0, 0]).Predicted.LatencyMs, 9);
    }

    [Fact]
    public void ATransferThroughTheEdgePaysBothLinks()
    {
        var g = TestGraphs.Chain(1000, 2000, 50);
        var topology = Topologies.ThreeTier(0.5, "8Mbps", "80Mbps");
        var costs = new CostModel(new PlanningProblem(g, TestGraphs.Profile(g, _ => 10), topology, new PlanningOptions()));
        var path = costs.Path(costs.Device, topology["cloud"]);
        Assert.Equal(["phone→edge", "edge→cloud"], path.Select(l => $"{l.From}→{l.To}"));

        // 4000 B: 4 ms at 8 Mbit/s plus 0.4 ms at 80 Mbit/s.
        Assert.Equal(4.0 + 0.4, costs.TransferCost(path, 4000), 9);
        var plan = costs.Build("cloud-only", [costs.Device, topology["cloud"]], [1, 1]);
        // One way up: half of each link's RTT (20 ms, 40 ms) plus its transmission time.
        Assert.Equal(10 + 4.0 + 20 + 0.4, plan.Hops[0].Ms, 9);
    }
}

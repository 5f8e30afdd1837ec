using Verge.Core.Deployment;
using Verge.Inference.Planning;
using Verge.Inference.Planning.Neurosurgeon;

namespace Verge.Inference.Tests.Planning;

public sealed class NeurosurgeonPlannerTests
{
    private static Plan Best(Topology topology, params long[] widths)
    {
        var g = TestGraphs.Chain(widths);
        var problem = new PlanningProblem(g, TestGraphs.Profile(g, _ => 10), topology, new PlanningOptions());
        return Assert.Single(new NeurosurgeonPlanner().Plan(problem));
    }

    [Fact]
    public void FastDeviceAndFastLinkKeepEverythingOnTheDevice()
    {
        var plan = Best(Topologies.DeviceEdge(deviceSpeed: 2, edgeSpeed: 1, "1Gbps", rttMs: 20), 100_000, 50_000, 100, 50_000, 10);

        Assert.Equal(Tier.Device, Assert.Single(plan.Stages).Site.Tier);
        Assert.Empty(plan.Hops);
        Assert.Equal(0, plan.Predicted.UplinkBytes);
    }

    [Fact]
    public void SlowDeviceAndFastLinkOffloadEverything()
    {
        var plan = Best(Topologies.DeviceEdge(deviceSpeed: 0.01, edgeSpeed: 5, "1Gbps", rttMs: 1), 100_000, 50_000, 100, 50_000, 10);

        var stage = Assert.Single(plan.Stages);
        Assert.Equal("edge", stage.Site.Name);
        Assert.Equal(["input"], plan.Hops[0].Tensors);
        Assert.True(plan.Hops[1].IsReturn);
        Assert.Equal(400_000, plan.Predicted.UplinkBytes);
    }

    [Fact]
    public void ShrinkingTensorIsWhereTheModelIsCut()
    {
        // 400 kB input, 400 B after the second layer: run two layers on the device, send the small tensor.
        var plan = Best(Topologies.DeviceEdge(deviceSpeed: 0.5, edgeSpeed: 10, "10Mbps", rttMs: 20), 100_000, 50_000, 100, 50_000, 10);

        Assert.Equal(2, plan.Stages.Count);
        Assert.Equal([0, 1], plan.Stages[0].GraphNodes);
        Assert.Equal(400, plan.Predicted.UplinkBytes);
        var crossing = Assert.Single(plan.Stages[0].Outputs);
        Assert.Equal(crossing, Assert.Single(plan.Stages[1].Inputs));
        // 2 × 20 ms on the phone, 400 B up, 2 × 1 ms on the edge, 40 B back, one 20 ms round trip.
        double expected = 40 + 2 + 20 + (400 + 40) * 8 / 10e6 * 1000;
        Assert.Equal(expected, plan.Predicted.LatencyMs, 6);
    }

    [Fact]
    public void SweepHasOnePlanPerCut()
    {
        var g = TestGraphs.Chain(100, 200, 300);
        var problem = new PlanningProblem(g, TestGraphs.Profile(g, _ => 1), Topologies.DeviceEdge(1, 1, "10Mbps", 10), new PlanningOptions());
        var sweep = new NeurosurgeonPlanner().Sweep(problem);

        Assert.Equal(3, sweep.Count);
        Assert.Equal("edge", Assert.Single(sweep[0].Stages).Site.Name);
        Assert.Equal("phone", Assert.Single(sweep[^1].Stages).Site.Name);
    }
}

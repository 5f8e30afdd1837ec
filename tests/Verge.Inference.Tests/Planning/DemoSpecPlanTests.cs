using Verge.Core.Deployment;
using Verge.Core.Spec;
using Verge.Core.Units;
using Verge.Inference.Planning;
using Verge.Inference.Tests.Support;

namespace Verge.Inference.Tests.Planning;

/// <summary>
/// The demo's plan step must show plans that differ by network (Neurosurgeon's point). The profile is fixed, so the
/// answer does not depend on how busy the test host is: ResNet-18's 38 ms (PLATFORM.md, 2 threads) spread over its
/// nodes by MACs, the phone, edge and cloud at the spec's speeds (0.09, 1, 8), no RPC cost.
/// </summary>
public sealed class DemoSpecPlanTests
{
    private const long RawInputBytes = 602_112;

    [Fact]
    public void On3GThePhoneKeepsTheWork()
    {
        var chosen = Plan("1.1Mbps"); // 4.4 s to send the input vs 0.42 s on the phone
        Assert.Equal("device-only", chosen.Name);
        Assert.Equal(0, chosen.Predicted.UplinkBytes);
    }

    [Fact]
    public void OnWiFiThePhoneOffloadsTheWholeModel()
    {
        var chosen = Plan("18.88Mbps"); // 0.26 s to send the input, then the edge's 38 ms
        Assert.Equal(RawInputBytes, chosen.Predicted.UplinkBytes);
        Assert.DoesNotContain(chosen.Stages, s => s.Site.Tier == Tier.Device && s.GraphNodes.Count > 0);
    }

    [Fact]
    public void ThePlanTableDiffersAcrossTheThreeNetworks()
    {
        var chosen = new[] { "1.1Mbps", "5.85Mbps", "18.88Mbps" }.Select(b => Plan(b).Name).ToList();
        Assert.True(chosen.Distinct().Count() >= 2, string.Join(", ", chosen));
        Assert.Equal("device-only", chosen[0]);
        Assert.NotEqual("device-only", chosen[2]);
    }

    [Theory]
    [InlineData(15.0)]
    [InlineData(22.2)]
    [InlineData(90.0)]
    public void WithTheSpeedsScaledToTheHostThePlansDifferOnAFastHostAndASlowOneAlike(double hostMs)
    {
        // `verge demo` scales every speed by the host's time over the reference machine's 46.1 ms; unscaled, a host
        // that runs ResNet-18 in 22 ms (this one, idle) made the phone fast enough to keep the work on every network.
        var chosen = new[] { "1.1Mbps", "5.85Mbps", "18.88Mbps" }.Select(b => Plan(b, hostMs, speedFactor: hostMs / 46.1).Name).ToList();
        Assert.Equal("device-only", chosen[0]);
        Assert.NotEqual("device-only", chosen[2]);
        if (hostMs < 38)
            Assert.Equal(["device-only", "device-only", "device-only"], new[] { "1.1Mbps", "5.85Mbps", "18.88Mbps" }.Select(b => Plan(b, hostMs).Name));
    }

    [Fact]
    public void ScalingMultipliesEverySpeedOfEveryNode()
    {
        var spec = DeploymentSpec.Load(Path.Combine(DeploymentSpecTests.RepoRoot(), "examples", "resnet18-3g-lte-wifi.yaml"));
        var scaled = spec.Topology.WithSpeedsScaled(0.5);
        Assert.Equal(spec.Topology.Nodes.Select(n => n.Speed * 0.5), scaled.Nodes.Select(n => n.Speed));
        Assert.Equal(spec.Topology.Links, scaled.Links);
        Assert.Throws<ArgumentOutOfRangeException>(() => spec.Topology.WithSpeedsScaled(0));
    }

    private static Plan Plan(string bandwidth, double hostMs = 38.0, double speedFactor = 1.0)
    {
        var spec = DeploymentSpec.Load(Path.Combine(DeploymentSpecTests.RepoRoot(), "examples", "resnet18-3g-lte-wifi.yaml"))
            .WithDeviceBandwidth(Bandwidth.Parse(bandwidth));
        var graph = SpecModel.Load(spec, TestZoo.Zoo);
        double totalMacs = graph.Nodes.Sum(n => (double)n.Macs);
        var profile = TestGraphs.Profile(graph, i => hostMs * graph.Nodes[i].Macs / totalMacs);
        return Planners.Choose(new PlanningProblem(graph, profile, spec.Topology.WithSpeedsScaled(speedFactor), PlanningOptions.From(spec.App))).Chosen;
    }
}

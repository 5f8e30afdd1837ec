using Verge.Core.Deployment;
using Verge.Core.Spec;
using Verge.Inference.Graph.Cuts;
using Verge.Inference.Planning;
using Verge.Inference.Planning.ThreeTier;

namespace Verge.Inference.Tests.Planning;

public sealed class CostModelTests
{
    [Fact]
    public void OffloadCostsComputePlusOneRoundTripPlusBothPayloads()
    {
        var g = TestGraphs.Chain(1000, 2000, 50);
        var topology = Topologies.DeviceEdge(deviceSpeed: 0.5, edgeSpeed: 2, "8Mbps", rttMs: 30);
        var costs = new CostModel(new PlanningProblem(g, TestGraphs.Profile(g, _ => 10), topology, new PlanningOptions()));

        var plan = costs.Build("edge-only", [costs.Device, topology["edge"]], [1, 1]);

        // 2 × 10 ms / speed 2 on the edge; 4000 B up and 200 B back at 1 byte/µs; rtt 30 ms.
        Assert.Equal(10 + 30 + 4.0 + 0.2, plan.Predicted.LatencyMs, 9);
        Assert.Equal(4000, plan.Predicted.UplinkBytes);
        // Device: radio busy 4.2 ms at 1.2 W, idle the remaining 40 ms at 0.3 W.
        Assert.Equal(1.2 * 4.2 + 0.3 * 40, plan.Predicted.DeviceEnergyMj, 9);
        Assert.Equal(["input"], plan.Stages[0].Inputs);
        Assert.Equal([g.Outputs[0].Name], plan.Stages[0].Outputs);

        var local = costs.Build("device-only", [costs.Device], [0, 0]);
        Assert.Equal(40, local.Predicted.LatencyMs, 9);
        Assert.Equal(2.5 * 40, local.Predicted.DeviceEnergyMj, 9);
    }

    [Fact]
    public void EveryMessageAlsoPaysTheRpcStacksOwnCost()
    {
        var g = TestGraphs.Chain(1000, 2000, 50);
        var topology = Topologies.DeviceEdge(0.5, 2, "8Mbps", 30);
        var options = new PlanningOptions { Message = new MessageCost(FixedMs: 0.4, MsPerMegabyte: 5) };
        var costs = new CostModel(new PlanningProblem(g, TestGraphs.Profile(g, _ => 10), topology, options));

        var plan = costs.Build("edge-only", [costs.Device, topology["edge"]], [1, 1]);
        var local = costs.Build("device-only", [costs.Device], [0, 0]);

        // As above, plus two messages: 0.4 ms each, and 5 ms per MB of the 4000 B request and the 200 B reply.
        Assert.Equal(10 + 30 + 4.0 + 0.2 + 2 * 0.4 + 5 * 4200 / 1e6, plan.Predicted.LatencyMs, 9);
        Assert.Equal(40, local.Predicted.LatencyMs, 9);
        Assert.Equal(0.4 + 5 * 4000 / 1e6 + 30.0 / 2 + 4.0, plan.Hops[0].Ms, 9);
    }

    [Fact]
    public void Fp16CodecHalvesTheBytesOnTheWire()
    {
        var g = TestGraphs.Chain(1000, 2000, 50);
        var topology = Topologies.DeviceEdge(0.5, 2, "8Mbps", 30);
        var costs = new CostModel(new PlanningProblem(g, TestGraphs.Profile(g, _ => 10), topology, new PlanningOptions { Codec = WireCodec.Fp16 }));

        var plan = costs.Build("edge-only", [costs.Device, topology["edge"]], [1, 1]);

        Assert.Equal(2000, plan.Predicted.UplinkBytes);
        Assert.Equal(10 + 30 + 2.0 + 0.1, plan.Predicted.LatencyMs, 9);
    }

    [Fact]
    public void TensorsPassThroughStagesThatDoNotReadThem()
    {
        var rng = new Random(11);
        for (int trial = 0; trial < 20; trial++)
        {
            var g = TestGraphs.RandomDag(rng, 9);
            var topology = Topologies.ThreeTier(0.5, "10Mbps", "50Mbps");
            var costs = new CostModel(new PlanningProblem(g, TestGraphs.Profile(g, _ => 1), topology, new PlanningOptions()));
            var stageOf = g.Nodes.Select(n => n.Index / 3).ToArray();

            var plan = costs.Build("three", [costs.Device, topology["edge"], topology["cloud"]], stageOf);

            var flow = new DataFlow(g);
            int StageOfProducer(string t) => flow.Producer[t] < 0 ? 0 : stageOf[flow.Producer[t]];
            // Whatever the cloud reads from the device travels through the edge's outputs.
            var fromDeviceToCloud = flow.Tensors.Where(t => StageOfProducer(t) == 0
                && flow.ReadersOf[t].Any(r => r < flow.End && stageOf[r] == 2)).ToList();
            var edge = plan.Stages.Single(s => s.Site.Name == "edge");
            Assert.All(fromDeviceToCloud, t => Assert.Contains(t, edge.Outputs));
            Assert.All(fromDeviceToCloud, t => Assert.Contains(t, edge.Inputs));
            // Every stage receives exactly what it and later stages need from before it.
            Assert.All(plan.Stages.Skip(1), s => Assert.All(g.Nodes.Where(n => stageOf[n.Index] == stageOf[s.GraphNodes[0]])
                .SelectMany(n => n.Inputs).Where(i => flow.Producer.TryGetValue(i, out var p) && (p < 0 ? 0 : stageOf[p]) < stageOf[s.GraphNodes[0]]),
                i => Assert.Contains(i, s.Inputs)));
        }
    }

    [Fact]
    public void ThreeTierUsesTheEdgeToShrinkDataBeforeASlowBackhaul()
    {
        // A 400 kB input, a cheap layer that shrinks it to 400 B, then a heavy layer.
        var g = TestGraphs.Chain(100_000, 100, 100);
        var topology = new Topology(
            [new Node("phone", Tier.Device, 0.1, Topologies.Phone), new Node("edge", Tier.Edge, 1), new Node("cloud", Tier.Cloud, 100)],
            [
                new Link("phone", "edge", Core.Units.Bandwidth.Parse("1Gbps"), TimeSpan.FromMilliseconds(2)),
                new Link("edge", "cloud", Core.Units.Bandwidth.Parse("10Mbps"), TimeSpan.FromMilliseconds(40)),
            ]);
        var problem = new PlanningProblem(g, TestGraphs.Profile(g, i => i == 0 ? 10 : 500), topology, new PlanningOptions());

        var plan = Assert.Single(new ThreeTierPlanner().Plan(problem));

        Assert.Equal(["edge", "cloud"], plan.Stages.Select(s => s.Site.Name));
        Assert.Equal([("phone", "edge"), ("edge", "cloud"), ("cloud", "phone")], plan.Hops.Select(h => (h.From, h.To)));
        Assert.Equal(2, plan.Hops[^1].Path.Count);
        Assert.Equal(400, plan.Hops[1].Bytes);
    }

    [Fact]
    public void ChoiceMeetsTheSloWhenAnyCandidateDoes()
    {
        var g = TestGraphs.Chain(1000, 1000, 10);
        var topology = Topologies.DeviceEdge(0.2, 1, "100Mbps", 10);
        var profile = TestGraphs.Profile(g, _ => 10);

        // Device-only costs 100 ms and 250 mJ; edge-only about 30 ms and 9 mJ.
        var energy = Planners.Choose(new PlanningProblem(g, profile, topology, new PlanningOptions { Objective = Objective.Energy, SloLatencyMs = 50 }));
        Assert.True(energy.Chosen.MeetsSlo);
        Assert.Equal("edge", Assert.Single(energy.Chosen.Stages).Site.Name);
        Assert.Contains(energy.Candidates, c => !c.MeetsSlo);

        var impossible = Planners.Choose(new PlanningProblem(g, profile, topology, new PlanningOptions { SloLatencyMs = 1 }));
        Assert.False(impossible.Chosen.MeetsSlo);
        Assert.Equal(impossible.Candidates.Min(c => c.Predicted.LatencyMs), impossible.Chosen.Predicted.LatencyMs);
    }

    [Fact]
    public void LinkScheduleChangesThePlanLaterInTheRun()
    {
        var g = TestGraphs.Chain(100_000, 100, 10);
        var uplink = new Link("phone", "edge", Core.Units.Bandwidth.Parse("100Mbps"), TimeSpan.FromMilliseconds(5),
            [new LinkPhase(20, Core.Units.Bandwidth.Parse("100kbps"), TimeSpan.FromMilliseconds(50))]);
        var topology = new Topology([new Node("phone", Tier.Device, 0.5, Topologies.Phone), new Node("edge", Tier.Edge, 10)], [uplink]);
        var profile = TestGraphs.Profile(g, _ => 20);

        var early = Planners.Choose(new PlanningProblem(g, profile, topology, new PlanningOptions { Frame = 0 }));
        var late = Planners.Choose(new PlanningProblem(g, profile, topology, new PlanningOptions { Frame = 25 }));

        Assert.Equal("edge", early.Chosen.Stages[0].Site.Name);
        Assert.Equal("phone", Assert.Single(late.Chosen.Stages).Site.Name);
    }
}

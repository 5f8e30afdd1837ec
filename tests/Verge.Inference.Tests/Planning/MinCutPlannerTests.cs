using Verge.Core.Deployment;
using Verge.Core.Spec;
using Verge.Core.Units;
using Verge.Inference.Graph;
using Verge.Inference.Graph.Cuts;
using Verge.Inference.Planning;
using Verge.Inference.Planning.MinCut;
using Verge.Inference.Planning.Neurosurgeon;
using Verge.Inference.Tests.Support;

namespace Verge.Inference.Tests.Planning;

public sealed class MinCutPlannerTests
{
    [Theory]
    [InlineData(Objective.Latency)]
    [InlineData(Objective.Energy)]
    public void MinCutEqualsBruteForceOnRandomDags(Objective objective)
    {
        var rng = new Random(20190429);
        int splits = 0;
        for (int trial = 0; trial < 60; trial++)
        {
            var g = TestGraphs.RandomDag(rng, rng.Next(6, 11));
            var ms = Enumerable.Range(0, g.Nodes.Count).Select(_ => rng.NextDouble() * 50).ToArray();
            var topology = new Topology(
                [new Node("phone", Tier.Device, 0.2 + rng.NextDouble(), Topologies.Phone), new Node("edge", Tier.Edge, 1 + 5 * rng.NextDouble())],
                [new Link("phone", "edge", Bandwidth.FromMbps(1 + 20 * rng.NextDouble()), TimeSpan.FromMilliseconds(rng.Next(0, 10)))]);
            var problem = new PlanningProblem(g, TestGraphs.Profile(g, i => ms[i]), topology, new PlanningOptions { Objective = objective });
            var costs = new CostModel(problem);

            var plan = Assert.Single(new MinCutPlanner().Plan(problem));

            Assert.Equal(BruteForce(g, costs), costs.Score(plan.Predicted), 6);
            if (plan.Stages.Count == 2) splits++;
        }
        Assert.True(splits >= 2, $"only {splits} of 60 random cases were split between device and edge");
    }

    [Fact]
    public void MinCutIsNoWorseThanNeurosurgeonOnResNet18()
    {
        var g = TestZoo.Load("zoo:resnet18");
        var rng = new Random(7);
        var profile = TestGraphs.Profile(g, i => g.Nodes[i].Macs / 1e7 + rng.NextDouble());
        foreach (var bw in new[] { "1.1Mbps", "5.85Mbps", "18.88Mbps", "1Gbps" })
        {
            var problem = new PlanningProblem(g, profile, Topologies.DeviceEdge(0.15, 1, bw, 20), new PlanningOptions());
            var minCut = Assert.Single(new MinCutPlanner().Plan(problem));
            var chain = Assert.Single(new NeurosurgeonPlanner().Plan(problem));
            Assert.True(minCut.Predicted.LatencyMs <= chain.Predicted.LatencyMs + 1e-9, $"{bw}: {minCut.Predicted.LatencyMs} > {chain.Predicted.LatencyMs}");
        }
    }

    /// <summary>The best objective over every predecessor-closed device set (2^n subsets).</summary>
    private static double BruteForce(ModelGraph g, CostModel costs)
    {
        var flow = new DataFlow(g);
        int n = g.Nodes.Count;
        var preds = g.Nodes.Select(node => node.Inputs.Where(i => flow.Producer.TryGetValue(i, out var p) && p >= 0).Select(i => flow.Producer[i]).ToList()).ToList();
        var edge = costs.Topology.FirstOf(Tier.Edge)!;
        double best = double.PositiveInfinity;
        for (int mask = 0; mask < 1 << n; mask++)
        {
            bool closed = Enumerable.Range(0, n).All(i => (mask >> i & 1) == 0 || preds[i].All(p => (mask >> p & 1) == 1));
            if (!closed) continue;
            var stageOf = Enumerable.Range(0, n).Select(i => (mask >> i & 1) == 1 ? 0 : 1).ToArray();
            best = Math.Min(best, costs.Score(costs.Build("brute", [costs.Device, edge], stageOf).Predicted));
        }
        return best;
    }
}

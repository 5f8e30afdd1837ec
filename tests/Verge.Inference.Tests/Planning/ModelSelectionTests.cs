using Verge.Core.Spec;
using Verge.Inference.Planning;
using Verge.Inference.Planning.ModelSelection;

namespace Verge.Inference.Tests.Planning;

/// <summary>Model selection on hand-made profiles: a slow accurate fp32, a fast int8, a fastest inaccurate tiny model.</summary>
public sealed class ModelSelectionTests
{
    private static ModelVariant Variant(string name, double msPerNode, double accuracy)
    {
        var graph = TestGraphs.Chain(100, 100, 10);
        return new ModelVariant(name, graph, TestGraphs.Profile(graph, _ => msPerNode), accuracy);
    }

    private static readonly ModelVariant Fp32 = Variant("fp32", 40, 0.90);   // 80 ms on the device
    private static readonly ModelVariant Int8 = Variant("int8", 10, 0.88);   // 20 ms
    private static readonly ModelVariant Tiny = Variant("tiny", 1, 0.70);    // 2 ms

    private static ModelSelectionResult Select(IReadOnlyList<ModelVariant> variants, Objective objective, double? sloMs, double? minAccuracy) =>
        ModelSelectionPlanner.Select(variants, Topologies.DeviceEdge(1.0, 1.0, "10Mbps", 10),
            new PlanningOptions { Objective = objective, SloLatencyMs = sloMs }, new ModelSelectionOptions { MinAccuracy = minAccuracy });

    [Fact]
    public void AccuracyBindsWhenTheFastestVariantIsTooInaccurate()
    {
        var result = Select([Fp32, Int8, Tiny], Objective.Latency, sloMs: 50, minAccuracy: 0.85);

        Assert.Equal("int8", result.Chosen.Variant.Name);
        Assert.All(result.Chosen.Plan.Stages, s => Assert.Equal("phone", s.Site.Name));
        Assert.True(result.Chosen.Feasible);
        Assert.Equal(BindingConstraint.Accuracy, result.Binding);
        // The SLO is one that device-only fp32 misses.
        Assert.False(result.Candidates.Single(c => c.Name == "fp32/device-only").MeetsLatency);
        Assert.Contains("minimum accuracy", result.Explain());
    }

    [Fact]
    public void LatencyBindsWhenACheaperPlacementIsTooSlow()
    {
        // Energy: offloading int8 costs the phone less than computing it, but the trip makes it miss 25 ms.
        var result = Select([Fp32, Int8], Objective.Energy, sloMs: 25, minAccuracy: 0.85);

        Assert.Equal("int8", result.Chosen.Variant.Name);
        Assert.All(result.Chosen.Plan.Stages, s => Assert.Equal("phone", s.Site.Name));
        Assert.Equal(BindingConstraint.Latency, result.Binding);
        var offload = result.Candidates.Single(c => c.Name == "int8/edge-only");
        Assert.True(offload.Cost < result.Chosen.Cost);
        Assert.False(offload.MeetsLatency);
        Assert.Contains("latency SLO", result.Explain());
    }

    [Fact]
    public void ChosenIsTheCheapestFeasibleCandidate()
    {
        var result = Select([Fp32, Int8, Tiny], Objective.Energy, sloMs: 100, minAccuracy: 0.85);

        var feasible = result.Candidates.Where(c => c.Variant.Accuracy >= 0.85 && c.Plan.Predicted.LatencyMs <= 100).ToList();
        Assert.Equal(feasible.Min(c => c.Cost), result.Chosen.Cost);
        Assert.Equal(3, result.BestPerVariant.Count);
    }

    [Fact]
    public void WithoutConstraintsTheCheapestWinsAndNothingBinds()
    {
        var result = Select([Fp32, Int8, Tiny], Objective.Latency, sloMs: null, minAccuracy: null);

        Assert.Equal("tiny/device-only", result.Chosen.Name);
        Assert.Equal(BindingConstraint.None, result.Binding);
    }

    [Fact]
    public void AnAccuracyNoVariantReachesIsReportedInfeasible()
    {
        var result = Select([Fp32, Int8, Tiny], Objective.Latency, sloMs: 50, minAccuracy: 0.95);

        Assert.Equal(BindingConstraint.Infeasible, result.Binding);
        Assert.Equal("fp32", result.Chosen.Variant.Name);
        Assert.Contains("no variant meets", result.Explain());
    }
}

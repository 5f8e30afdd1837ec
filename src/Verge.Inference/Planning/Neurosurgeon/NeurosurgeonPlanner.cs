using Verge.Inference.Graph.Cuts;

namespace Verge.Inference.Planning.Neurosurgeon;

/// <summary>
/// Layer-wise partitioning (Kang et al., Neurosurgeon, ASPLOS 2017): try every cut along the topological order,
/// head on the device and tail on the target tier, and keep the one with the lowest latency or device energy.
/// </summary>
public sealed class NeurosurgeonPlanner(NeurosurgeonOptions options) : IPlanner
{
    public NeurosurgeonPlanner() : this(new NeurosurgeonOptions())
    {
    }

    public string Name => $"neurosurgeon({options.Target.ToString().ToLowerInvariant()})";

    public IReadOnlyList<Plan> Plan(PlanningProblem problem)
    {
        var costs = new CostModel(problem);
        var sweep = Sweep(costs);
        return sweep.Count == 0 ? [] : [sweep.MinBy(p => costs.Score(p.Predicted))! with { Name = Name }];
    }

    /// <summary>One plan per cut, "before everything" (all on the target) to "after everything" (all on the device).</summary>
    public IReadOnlyList<Plan> Sweep(PlanningProblem problem) => Sweep(new CostModel(problem));

    private List<Plan> Sweep(CostModel costs)
    {
        if (costs.Topology.FirstOf(options.Target) is not { } target || target == costs.Device) return [];
        var graph = costs.Problem.Graph;
        var plans = new List<Plan>();
        foreach (var cut in CutEnumerator.Enumerate(graph))
        {
            var stageOf = graph.Nodes.Select(n => n.Index <= cut.Position ? 0 : 1).ToArray();
            plans.Add(costs.Build($"{Name}@{cut.Id}", [costs.Device, target], stageOf));
        }
        return plans;
    }
}

using Verge.Core.Deployment;

namespace Verge.Inference.Planning.SingleSite;

/// <summary>
/// The baselines: run the whole model on the device, or send the input to the first edge (or cloud) node and get
/// the result back.
/// </summary>
public sealed class SingleSitePlanner : IPlanner
{
    public IReadOnlyList<Plan> Plan(PlanningProblem problem)
    {
        var costs = new CostModel(problem);
        int n = problem.Graph.Nodes.Count;
        var plans = new List<Plan> { costs.Build("device-only", [costs.Device], new int[n]) };
        foreach (var tier in new[] { Tier.Edge, Tier.Cloud })
            if (costs.Topology.FirstOf(tier) is { } site)
                plans.Add(costs.Build($"{tier.ToString().ToLowerInvariant()}-only", [costs.Device, site], Enumerable.Repeat(1, n).ToArray()));
        return plans;
    }
}

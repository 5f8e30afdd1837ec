using Verge.Core.Deployment;
using Verge.Inference.Graph.Cuts;

namespace Verge.Inference.Planning.ThreeTier;

/// <summary>
/// Device → edge → cloud with two cuts along the topological order (the hierarchical split of Teerapittayanon et
/// al., DDNN, ICDCS 2017, without exits): every pair of cuts p1 ≤ p2 is priced and the best kept. p1 = p2 leaves the
/// edge as a relay; the single-site and two-site plans are among the pairs.
/// </summary>
public sealed class ThreeTierPlanner : IPlanner
{
    public const string Name = "three-tier";

    public IReadOnlyList<Plan> Plan(PlanningProblem problem)
    {
        var costs = new CostModel(problem);
        if (costs.Topology.FirstOf(Tier.Edge) is not { } edge || costs.Topology.FirstOf(Tier.Cloud) is not { } cloud) return [];
        var graph = problem.Graph;
        var positions = CutEnumerator.Enumerate(graph).Select(c => c.Position).ToList();
        Plan? best = null;
        double bestScore = double.PositiveInfinity;
        var stageOf = new int[graph.Nodes.Count];
        for (int a = 0; a < positions.Count; a++)
            for (int b = a; b < positions.Count; b++)
            {
                for (int i = 0; i < stageOf.Length; i++)
                    stageOf[i] = i <= positions[a] ? 0 : i <= positions[b] ? 1 : 2;
                var plan = costs.Build(Name, [costs.Device, edge, cloud], stageOf);
                double score = costs.Score(plan.Predicted);
                if (score < bestScore) (best, bestScore) = (plan, score);
            }
        return best is null ? [] : [best];
    }
}

using Verge.Core.Deployment;
using Verge.Inference.Planning.MinCut;
using Verge.Inference.Planning.Neurosurgeon;
using Verge.Inference.Planning.SingleSite;
using Verge.Inference.Planning.ThreeTier;

namespace Verge.Inference.Planning;

/// <summary>The planners Verge knows, and the search that runs them all and picks one plan.</summary>
public static class Planners
{
    public static IReadOnlyList<IPlanner> All() =>
    [
        new SingleSitePlanner(),
        new NeurosurgeonPlanner(new NeurosurgeonOptions { Target = Tier.Edge }),
        new NeurosurgeonPlanner(new NeurosurgeonOptions { Target = Tier.Cloud }),
        new MinCutPlanner(new MinCutOptions { Target = Tier.Edge }),
        new MinCutPlanner(new MinCutOptions { Target = Tier.Cloud }),
        new ThreeTierPlanner(),
    ];

    public static PlanChoice Choose(PlanningProblem problem) => Choose(problem, All());

    public static PlanChoice Choose(PlanningProblem problem, IReadOnlyList<IPlanner> planners)
    {
        var costs = new CostModel(problem);
        var candidates = planners.SelectMany(p => p.Plan(problem)).ToList();
        var pool = candidates.Any(c => c.MeetsSlo) ? candidates.Where(c => c.MeetsSlo) : candidates;
        return new PlanChoice(candidates, pool.MinBy(c => costs.Score(c.Predicted))!);
    }
}

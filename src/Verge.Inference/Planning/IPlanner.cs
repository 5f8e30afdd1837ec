namespace Verge.Inference.Planning;

/// <summary>A planning technique: values in (graph, profile, topology, options), candidate plans out.</summary>
public interface IPlanner
{
    /// <summary>The plans this technique proposes (empty when the topology lacks what it needs, e.g. a cloud).</summary>
    IReadOnlyList<Plan> Plan(PlanningProblem problem);
}

namespace Verge.Inference.Planning.ModelSelection;

/// <summary>What model selection must meet besides the latency SLO of <see cref="PlanningOptions"/>: the least
/// accuracy, and the planners whose placements are tried for every variant (default: <see cref="Planners.All"/>).</summary>
public sealed record ModelSelectionOptions
{
    public double? MinAccuracy { get; init; }
    public IReadOnlyList<IPlanner>? Planners { get; init; }
}

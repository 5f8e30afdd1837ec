namespace Verge.Inference.Planning;

/// <summary>The candidates every planner proposed and the one chosen: best objective among those meeting the SLO
/// (or best overall when none does; <see cref="Plan.MeetsSlo"/> then says so).</summary>
public sealed record PlanChoice(IReadOnlyList<Plan> Candidates, Plan Chosen);

namespace Verge.Learning.Federated;

/// <summary>
/// A round's fits and how many results the strategy needs before it aggregates (<see cref="Quorum"/>); results
/// past the quorum are stragglers and are dropped.
/// </summary>
public sealed record FitPlan(IReadOnlyList<FitInstruction> Instructions, int Quorum);

using Verge.Core.Errors;
using Verge.Learning.Federated.AdaptiveTau;

namespace Verge.Learning.Federated.Simulation;

/// <summary>The simulation's side of a resource budget: wrapping the strategy in adaptive τ, and when to stop.</summary>
internal static class LocalWork
{
    public static IFederatedStrategy Adaptive(SimulationOptions options, IFederatedStrategy strategy, AdaptiveTauOptions adaptive, ClientProfile[] profiles)
    {
        if (options.Strategy.ToLowerInvariant() != "fedavg" || options.Dp is not null || options.SecureAggregation is not null)
            throw new UsageException("--adaptive-tau steers plain fedavg; drop --dp and --secure-aggregation, and use --strategy fedavg");
        if (options.Settings.Fit.LocalEpochs > 0) throw new UsageException("--adaptive-tau chooses local steps; drop --local-epochs");
        // c: one mini-batch on the slowest device, since a synchronous round waits for it.
        double stepCost = options.Settings.Fit.BatchSize / profiles.Min(p => p.SamplesPerSecond);
        return new AdaptiveTauStrategy(strategy, adaptive, options.Settings.Fit, stepCost);
    }

    /// <summary>
    /// After a round: whether the budget is spent. Adaptive τ decides itself (<see cref="AdaptiveTauStrategy.Exhausted"/>);
    /// fixed local work stops when another round as long as the last would overrun the budget.
    /// </summary>
    public static bool BudgetSpent(SimulationOptions options, IFederatedStrategy strategy, IReadOnlyList<RoundRecord> rounds)
    {
        if (strategy is AdaptiveTauStrategy adaptive)
        {
            adaptive.Record(rounds[^1].SimSeconds);
            return adaptive.Exhausted;
        }
        return options.Budget is { } budget && rounds.Sum(r => r.SimSeconds) + rounds[^1].SimSeconds > budget;
    }
}

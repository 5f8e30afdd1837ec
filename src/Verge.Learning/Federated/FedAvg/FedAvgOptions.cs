using Verge.Learning.Federated.Robust;

namespace Verge.Learning.Federated.FedAvg;

/// <summary>FedAvg: the fraction C of clients sampled per round, the local training each does, and how updates combine.</summary>
public sealed record FedAvgOptions(FitConfig Fit, double Fraction = 1.0, int Seed = 0)
{
    public AggregationRule Aggregation { get; init; } = AggregationRule.Mean;
}

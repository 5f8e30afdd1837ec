namespace Verge.Learning.Federated.Robust;

/// <summary>The aggregation rules FedAvg can use (see <see cref="AggregationRule"/>).</summary>
public enum AggregationKind
{
    Mean,
    Median,
    TrimmedMean,
}

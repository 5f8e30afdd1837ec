namespace Verge.Learning.Federated.Robust;

/// <summary>The aggregation rules FedAvg can use (see <see cref="AggregationRule"/>).</summary>
public enum AggregationKind
{
    Mean,
    Median,
    TrimmedMean,
    /// <summary>Krum: the one update closest to its neighbours (Blanchard et al., NeurIPS 2017).</summary>
    Krum,
    /// <summary>Multi-Krum: the mean of the m updates Krum scores best.</summary>
    MultiKrum,
}

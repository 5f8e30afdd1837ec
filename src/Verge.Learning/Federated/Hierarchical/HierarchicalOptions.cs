namespace Verge.Learning.Federated.Hierarchical;

/// <summary>
/// Devices → edges → cloud: how many edge aggregators, the fraction of devices sampled per round, and the
/// significance threshold: with <see cref="SyncFilter.Edge"/> the ratio ‖accumulated edge update‖ / ‖edge model‖ at
/// which an edge syncs with the cloud; with <see cref="SyncFilter.Parameter"/> Gaia's θ₀ per parameter.
/// </summary>
public sealed record HierarchicalOptions(FitConfig Fit, int Edges = 2, double SignificanceThreshold = 0.02, double Fraction = 1.0, int Seed = 0)
{
    public SyncFilter Filter { get; init; } = SyncFilter.Edge;
}

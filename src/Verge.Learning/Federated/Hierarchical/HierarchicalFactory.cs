namespace Verge.Learning.Federated.Hierarchical;

/// <summary>Plugs hierarchical (device → edge → cloud) averaging into <see cref="StrategyCatalog"/> as 'hierarchical'.</summary>
public sealed class HierarchicalFactory : IStrategyFactory
{
    public string Name => "hierarchical";
    public bool RunsBehindServer => true;

    public IFederatedStrategy Create(float[] initialWeights, StrategySettings settings, int clients) =>
        new HierarchicalStrategy(initialWeights, new HierarchicalOptions(settings.Fit, settings.Edges, settings.SignificanceThreshold, settings.Fraction, settings.Seed) { Filter = settings.SyncFilter });
}

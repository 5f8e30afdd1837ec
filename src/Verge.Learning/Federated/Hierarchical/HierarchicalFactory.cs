namespace Verge.Learning.Federated.Hierarchical;

public static class HierarchicalFactory
{
    public static HierarchicalStrategy Create(StrategySettings settings) =>
        new(settings.InitialWeights, new HierarchicalOptions(settings.Fit, settings.Edges, settings.SignificanceThreshold, settings.Fraction, settings.Seed));
}

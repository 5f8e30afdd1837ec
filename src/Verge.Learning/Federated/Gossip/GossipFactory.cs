namespace Verge.Learning.Federated.Gossip;

/// <summary>Plugs gossip averaging into <see cref="StrategyCatalog"/> as 'gossip'.</summary>
public sealed class GossipFactory : IStrategyFactory
{
    public string Name => "gossip";
    public bool RunsBehindServer => false;

    public IFederatedStrategy Create(float[] initialWeights, StrategySettings settings, int clients) =>
        new GossipStrategy(initialWeights, new GossipOptions(settings.Fit, clients, settings.GossipProbability, settings.Seed));
}

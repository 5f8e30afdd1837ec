namespace Verge.Learning.Federated.Gossip;

public static class GossipFactory
{
    public static GossipStrategy Create(StrategySettings settings, int peers) =>
        new(settings.InitialWeights, new GossipOptions(settings.Fit, peers, settings.GossipProbability, settings.Seed));
}

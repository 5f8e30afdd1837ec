namespace Verge.Learning.Federated.Gossip;

/// <summary>Gossip: the number of peers, the probability each exchanges after its local steps, and the seed of the pairing.</summary>
public sealed record GossipOptions(FitConfig Fit, int Peers, double Probability = 1.0, int Seed = 0);

namespace Verge.Net.Federated.Peers;

/// <summary>What one gossip peer did: rounds, exchanges that completed, the bytes it sent, peers it dropped, its model's test accuracy.</summary>
public sealed record GossipPeerResult(int PeerId, int Rounds, int Exchanges, long BytesSent, IReadOnlyList<int> Dropped, double? TestAccuracy);

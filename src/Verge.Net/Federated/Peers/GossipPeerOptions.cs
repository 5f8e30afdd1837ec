using Verge.Learning.Federated;
using Verge.Net.Security;

namespace Verge.Net.Federated.Peers;

/// <summary>
/// One gossip peer: its id among <see cref="Peers"/> (which data share it trains on), the URLs of peers to
/// introduce itself to (none for the first), the model and local training, and how long it waits for others: to
/// appear (<see cref="Patience"/>), to answer one exchange (<see cref="ExchangeTimeout"/>, after which the
/// neighbour is dropped), and after its last round, serving its final weights (<see cref="Linger"/>).
/// </summary>
public sealed record GossipPeerOptions(int PeerId, int Peers, string Model, int Rounds)
{
    public IReadOnlyList<string> Seeds { get; init; } = [];
    public FitConfig Fit { get; init; } = StrategySettings.DefaultFit;
    public NeighbourChoice Neighbours { get; init; } = NeighbourChoice.Random;
    public int Seed { get; init; }
    public double? Alpha { get; init; }
    public int TrainLimit { get; init; }
    public int TestLimit { get; init; } = 1000;
    public string? DataDirectory { get; init; }
    public TimeSpan Patience { get; init; } = TimeSpan.FromSeconds(60);
    public TimeSpan ExchangeTimeout { get; init; } = TimeSpan.FromSeconds(30);
    public TimeSpan Linger { get; init; } = TimeSpan.FromSeconds(5);
    /// <summary>What this peer's own calls send and trust (token, CA).</summary>
    public ClientSecurity Outbound { get; init; } = ClientSecurity.None;
}

using Verge.Learning.Federated;

namespace Verge.Net.Federated;

/// <summary>
/// What a federated server coordinates: the strategy (by name, with the shared federated knobs in
/// <see cref="Settings"/>), the model and codec the clients use, how many rounds, how many clients must be present
/// before a round starts, how long a round waits for missing clients, and where it checkpoints after every round.
/// </summary>
public sealed record FederationServerOptions(string Strategy, string Model, string Codec, int Rounds, int MinClients)
{
    public StrategySettings Settings { get; init; } = new();
    public TimeSpan RoundTimeout { get; init; } = TimeSpan.FromSeconds(60);
    public string? CheckpointDirectory { get; init; }
    /// <summary>Test images the server evaluates the global model on after each round (0: all, negative: none).</summary>
    public int TestLimit { get; init; } = 1000;
    public string? DataDirectory { get; init; }
    /// <summary>
    /// How long a round waits for <see cref="MinClients"/> to be present once clients it had are gone, before the
    /// server stops with the reason (a fresh or resumed server waits for its first clients as long as it takes).
    /// </summary>
    public TimeSpan QuorumWait { get; init; } = TimeSpan.FromSeconds(300);
    /// <summary>Client ids that may join at once (each holds a session).</summary>
    public int MaxClients { get; init; } = 10_000;
    /// <summary>Secure aggregation of every round (null: off), its value bits already fixed by the codec.</summary>
    public Learning.Federated.SecureAggregation.SecAggOptions? SecureAggregation { get; init; }
    /// <summary>DP-FedAvg instead of fedavg (--fraction is the Poisson sampling rate of present clients), or null.</summary>
    public Learning.Privacy.DpFedAvg.DpFedAvgOptions? Dp { get; init; }

    public int Seed => Settings.Seed;

    /// <summary>A client counts as present if it was heard from within this long.</summary>
    public TimeSpan LiveWindow => RoundTimeout + TimeSpan.FromSeconds(5);
}

using Verge.Learning.Federated;

namespace Verge.Net.Federated;

/// <summary>
/// What a federated server coordinates: the strategy (by name, with its knobs in <see cref="Settings"/>), the
/// model and codec the clients use, how many rounds, how many clients must be present before a round starts,
/// how long a round waits for missing clients, and where it checkpoints after every round.
/// </summary>
public sealed record FederationServerOptions(string Strategy, string Model, string Codec, int Rounds, int MinClients)
{
    public FitConfig Fit { get; init; } = new(20, 32, 0.05f);
    public TimeSpan RoundTimeout { get; init; } = TimeSpan.FromSeconds(60);
    public string? CheckpointDirectory { get; init; }
    public int Seed { get; init; }
    public double Fraction { get; init; } = 1.0;
    public int BackupWorkers { get; init; }
    public int Edges { get; init; } = 2;
    public double SignificanceThreshold { get; init; } = 0.02;
    public float ElasticAlpha { get; init; } = 0.09f;
    /// <summary>Test images the server evaluates the global model on after each round (0: all, negative: none).</summary>
    public int TestLimit { get; init; } = 1000;
    public string? DataDirectory { get; init; }

    /// <summary>A client counts as present if it was heard from within this long.</summary>
    public TimeSpan LiveWindow => RoundTimeout + TimeSpan.FromSeconds(5);

    public StrategySettings Settings(float[] initialWeights) => new(initialWeights, Fit, Seed)
    {
        Fraction = Fraction, BackupWorkers = BackupWorkers, Edges = Edges, SignificanceThreshold = SignificanceThreshold, ElasticAlpha = ElasticAlpha,
    };
}

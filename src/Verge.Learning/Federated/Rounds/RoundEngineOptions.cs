namespace Verge.Learning.Federated.Rounds;

/// <summary>
/// How the round engine runs: how many rounds, how long a round waits for missing clients (on the engine's clock),
/// whether a round that got no update at all is run again (a server waiting for clients) or recorded empty (a
/// simulation), the bytes of the model sent with every fit, and where to checkpoint after each round.
/// </summary>
public sealed record RoundEngineOptions(int Rounds)
{
    public TimeSpan RoundTimeout { get; init; } = TimeSpan.FromSeconds(60);
    public bool RepeatEmptyRounds { get; init; }
    public long ModelBytes { get; init; }
    public string? CheckpointDirectory { get; init; }
    /// <summary>The model's name, written into checkpoints.</summary>
    public string Model { get; init; } = "";
    /// <summary>The bounds every update must respect before it counts.</summary>
    public IntakeLimits Limits { get; init; } = new();
    /// <summary>Secure aggregation of every synchronous round (null: updates travel as the codec encodes them).</summary>
    public SecureAggregation.SecAggOptions? SecureAggregation { get; init; }
    /// <summary>Seeds the SecAgg+ neighbour graph of each round (public, like the client sampling).</summary>
    public int Seed { get; init; }
}

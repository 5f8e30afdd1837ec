namespace Verge.Learning.Federated.Simulation;

/// <summary>
/// One simulated run: the model and task, the strategy and codec, the data split (Dirichlet α, or IID when
/// null), local training, the simulated devices, and how much of Fashion-MNIST to use.
/// </summary>
public sealed record SimulationOptions(string Model, int Clients, string Strategy, string Codec, int Rounds)
{
    public double? Alpha { get; init; } = 0.5;
    public int LocalSteps { get; init; } = 20;
    public double LocalEpochs { get; init; }
    public int BatchSize { get; init; } = 32;
    public float LearningRate { get; init; } = 0.05f;
    public float Momentum { get; init; }
    public int Seed { get; init; }
    public StragglerSpec Stragglers { get; init; } = StragglerSpec.None;
    public string StragglerText { get; init; } = "";
    public ClientProfile Device { get; init; } = ClientProfile.Default;
    /// <summary>Lognormal σ of per-device compute speed around <see cref="Device"/> (0: identical devices).</summary>
    public double SpeedSpread { get; init; } = 0.1;
    /// <summary>A round that lost clients waits this long (simulated) before completing with the rest.</summary>
    public double DeadlineSeconds { get; init; } = 120;
    /// <summary>Training samples to partition (0: all 60 000) and test samples to evaluate on (0: all 10 000).</summary>
    public int TrainLimit { get; init; }
    public int TestLimit { get; init; }
    public double Fraction { get; init; } = 1.0;
    public int BackupWorkers { get; init; }
    public int Edges { get; init; } = 2;
    public double SignificanceThreshold { get; init; } = 0.02;
    public float ElasticAlpha { get; init; } = 0.09f;
    public double GossipProbability { get; init; } = 1.0;
}

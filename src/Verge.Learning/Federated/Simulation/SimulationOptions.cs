namespace Verge.Learning.Federated.Simulation;

/// <summary>
/// One simulated run: the model and task, the strategy and codec, the federated knobs (<see cref="Settings"/>: local
/// training, seed, strategy options), the data split (Dirichlet α, or IID when null), the simulated devices, and
/// how much of Fashion-MNIST to use.
/// </summary>
public sealed record SimulationOptions(string Model, int Clients, string Strategy, string Codec, int Rounds)
{
    public StrategySettings Settings { get; init; } = new();
    public double? Alpha { get; init; } = 0.5;
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

    /// <summary>Clients 0 … <see cref="Attackers"/>−1 are poisoned: they send their update altered by <see cref="Attack"/>.</summary>
    public int Attackers { get; init; }
    public PoisonAttack Attack { get; init; } = PoisonAttack.SignFlip;

    /// <summary>Secure aggregation of every round (null: off); its value bits follow the codec (see <see cref="SecureAggregation.SecAggComposition"/>).</summary>
    public SecureAggregation.SecAggOptions? SecureAggregation { get; init; }

    /// <summary>DP-FedAvg (fedavg only; <see cref="StrategySettings.Fraction"/> is the Poisson sampling rate q), or null.</summary>
    public Privacy.DpFedAvg.DpFedAvgOptions? Dp { get; init; }

    /// <summary>Stop once the simulated seconds spent leave no room for another round (null: run every round).</summary>
    public double? Budget { get; init; }

    /// <summary>Choose the local steps of every round under <see cref="Budget"/> (Wang et al.; fedavg only), or null for fixed steps.</summary>
    public AdaptiveTau.AdaptiveTauOptions? AdaptiveTau { get; init; }
    /// <summary>Each device perturbs its own share of the training images before training on it (null: clean data).</summary>
    public Privacy.DataNoise.DataNoiseOptions? DataNoise { get; init; }

    public int Seed => Settings.Seed;
}

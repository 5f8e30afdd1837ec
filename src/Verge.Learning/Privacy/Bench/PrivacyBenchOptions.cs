namespace Verge.Learning.Privacy.Bench;

/// <summary>
/// The sizes of <c>verge bench privacy</c>. <see cref="Full"/> is what docs/results/privacy.md reports (about 15–20
/// minutes on an idle 2-core host); <see cref="Quick"/> runs every section on small sizes in a minute or two.
/// </summary>
public sealed record PrivacyBenchOptions
{
    // DP-SGD: accuracy vs ε (dp-cnn, the recipe of Tramèr & Boneh 2021 with fewer epochs), and one plain epoch for the cost.
    public string DpModel { get; init; } = "dp-cnn";
    public IReadOnlyList<double> Epsilons { get; init; } = [1, 2, 4, 8];
    public int DpEpochs { get; init; } = 5;
    public int DpBatch { get; init; } = 2048;
    public float DpLearningRate { get; init; } = 4f;
    public float DpClip { get; init; } = 0.1f;
    /// <summary>Training images for DP-SGD (0: all 60,000).</summary>
    public int DpTrainLimit { get; init; }

    // DP-FedAvg at a fixed ε over N clients: q = min(0.5, Cohort / N), z calibrated for (q, Rounds, ε).
    public string FlModel { get; init; } = "mlp-small";
    public IReadOnlyList<int> Clients { get; init; } = [10, 100, 1000];
    public int Rounds { get; init; } = 20;
    public double FlEpsilon { get; init; } = 3;
    public int Cohort { get; init; } = 50;
    public double FlClip { get; init; } = 0.5;
    public int LocalSteps { get; init; } = 5;
    public int LocalBatch { get; init; } = 16;
    public float LocalLearningRate { get; init; } = 0.1f;
    /// <summary>SecAgg+ neighbours of each client (Bell et al. 2020); 0: everyone (classic SecAgg).</summary>
    public int SecAggNeighbours { get; init; } = 10;
    public int FlTrainLimit { get; init; }

    // The audit: an overfit mlp on Members images and its DP twin, non-members held-out training images.
    public int Members { get; init; } = 1000;
    public int NonMembers { get; init; } = 10_000;
    public int OverfitEpochs { get; init; } = 100;
    public int TwinEpochs { get; init; } = 60;
    public double TwinEpsilon { get; init; } = 3;
    public int Shadows { get; init; } = 4;
    public int ShadowEpochs { get; init; } = 100;

    public double Delta { get; init; } = 1e-5;
    /// <summary>Test images every accuracy is measured on (0: all 10,000).</summary>
    public int TestLimit { get; init; }
    public int Seed { get; init; }
    /// <summary>Seeds DP-SGD's noise and Poisson sampling (both DP-SGD sections) so the study repeats exactly; null: OS randomness.</summary>
    public int? DpSeed { get; init; }
    public int Threads { get; init; } = 2;
    public string? DataDirectory { get; init; }
    public string WorkDirectory { get; init; } = ".build/bench-privacy";

    public static PrivacyBenchOptions Full { get; } = new();

    public static PrivacyBenchOptions Quick { get; } = new()
    {
        Epsilons = [1, 8], DpEpochs = 2, DpBatch = 512, DpLearningRate = 2f, DpTrainLimit = 10_000,
        Clients = [10, 100], Rounds = 4, FlTrainLimit = 10_000,
        Members = 500, NonMembers = 2000, OverfitEpochs = 30, TwinEpochs = 20, Shadows = 2, ShadowEpochs = 30,
        TestLimit = 2000,
    };
}

namespace Verge.Learning.Privacy.SplitLearning;

/// <summary>
/// Sizes of a split-learning run with DP on activations. As in the noisy-features experiment the training set is
/// split in two: the owner's half trains head and tail, the attacker's half trains the inversion decoders.
/// </summary>
public sealed record SplitLearningOptions
{
    public string Model { get; init; } = "lenet5";
    /// <summary>Index of the last head layer in the model's body (lenet5: 2 = after the first conv block, [6, 14, 14]).</summary>
    public int CutAfter { get; init; } = 2;
    public int OwnerImages { get; init; } = 10_000;
    public int AttackerImages { get; init; } = 4_000;
    public int TestImages { get; init; } = 500;
    public int Epochs { get; init; } = 2;
    public int DecoderEpochs { get; init; } = 3;
    public int BatchSize { get; init; } = 64;
    public float LearningRate { get; init; } = 1e-3f;
    public double Nullification { get; init; }
    /// <summary>ε per example and step; each also gets the clean (no noise) baseline row.</summary>
    public IReadOnlyList<double> Epsilons { get; init; } = [20_000, 5_000, 1_000];
    /// <summary>The attacker's decoders (see the noisy-features attack); the best per ε is reported.</summary>
    public IReadOnlyList<string> Decoders { get; init; } = ["mlp", "conv"];
    /// <summary>The clip B is this quantile of the untrained head's activation L1 norms on the owner's images.</summary>
    public double ClipQuantile { get; init; } = 0.5;
    public int Seed { get; init; } = 1;
}

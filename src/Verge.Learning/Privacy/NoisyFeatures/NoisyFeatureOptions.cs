namespace Verge.Learning.Privacy.NoisyFeatures;

/// <summary>
/// Sizes of one noisy-features experiment. The training set is split in two: the first half is the owner's (the
/// model and the noisy tail train on it), the second is the attacker's public data (its decoder trains on it).
/// </summary>
public sealed record NoisyFeatureOptions
{
    public string Model { get; init; } = "lenet5";
    /// <summary>Index of the last head layer in the model's body (lenet5: 6 = after Flatten, 400 features).</summary>
    public int CutAfter { get; init; } = 6;
    public int OwnerImages { get; init; } = 20_000;
    public int AttackerImages { get; init; } = 10_000;
    public int TestImages { get; init; } = 1_000;
    public int Epochs { get; init; } = 2;
    /// <summary>Extra epochs of the tail per row: on noisy features per ε, and on clean features for the clean row.</summary>
    public int FineTuneEpochs { get; init; } = 2;
    public int DecoderEpochs { get; init; } = 4;
    public int BatchSize { get; init; } = 64;
    public double Nullification { get; init; } = 0.1;
    /// <summary>Shares nullified, each measured at every ε (a sweep); null: only <see cref="Nullification"/>.</summary>
    public IReadOnlyList<double>? Nullifications { get; init; }
    /// <summary>The attacker's decoders ("mlp", "conv", "spatial" at a spatial cut); it trains each and keeps the best at every ε.</summary>
    public IReadOnlyList<string> Decoders { get; init; } = ["mlp", "conv", "spatial"];
    /// <summary>ε values to measure; each also gets the clean (no noise) baseline row.</summary>
    public IReadOnlyList<double> Epsilons { get; init; } = [1000, 300, 100, 30, 10, 3, 1];
    /// <summary>The clip B is this quantile of the owner's clean feature L1 norms.</summary>
    public double ClipQuantile { get; init; } = 0.5;
    public int Seed { get; init; } = 1;
    /// <summary>
    /// Train head and tail end to end with the mechanism in the loop per ε (Mao et al. 2018; Shredder, ASPLOS 2020),
    /// instead of fine-tuning the tail alone; the attacker then reads the new head.
    /// </summary>
    public bool TrainHead { get; init; }
    /// <summary>
    /// With <see cref="TrainHead"/>: λ of an adversary in the noisy training (CE − λ·decoder MSE; see
    /// AdversarialHeadTraining). 0 (the default): plain noise-aware training, as before.
    /// </summary>
    public double AdversaryWeight { get; init; }
}

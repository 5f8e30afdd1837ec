namespace Verge.Learning.Privacy.Bench;

/// <summary>
/// The sizes of <c>verge bench data-noise</c>: a model trained on <see cref="Members"/> device-perturbed training
/// images per noise level, its test accuracy, and the membership audit of the clean members against
/// <see cref="NonMembers"/> held-out training images (the setting of docs/results/privacy.md's overfit audit).
/// </summary>
public sealed record DataNoiseBenchOptions
{
    public IReadOnlyList<double> Levels { get; init; } = [0, 0.1, 0.25, 0.5, 1.0];
    public int Copies { get; init; } = 1;
    public string Model { get; init; } = "mlp";
    public int Members { get; init; } = 1000;
    public int NonMembers { get; init; } = 10_000;
    public int Epochs { get; init; } = 100;
    /// <summary>Shadow models for offline LiRA per level (0: the loss-threshold attack only).</summary>
    public int Shadows { get; init; }
    public int ShadowEpochs { get; init; } = 100;
    /// <summary>Test images the accuracy is measured on (0: all 10,000).</summary>
    public int TestLimit { get; init; }
    public int Seed { get; init; }
    public int Threads { get; init; } = 2;
    public string? DataDirectory { get; init; }
    public string WorkDirectory { get; init; } = ".build/bench-data-noise";
}

namespace Verge.Net.Benchmarks.Compression;

/// <summary>
/// Settings of the compression benchmark. Trained artifacts live under <see cref="WorkDirectory"/>/MODEL/…; an
/// existing one is reused (so the base models can be trained beforehand with <c>verge train --out WORK/M/fp32</c>).
/// </summary>
public sealed record CompressionBenchOptions
{
    public IReadOnlyList<string> Models { get; init; } = ["lenet5", "cnn-small", "mobilenet-tiny", "vgg-mini"];
    public string WorkDirectory { get; init; } = "bench-out/compress";
    public string? DataDirectory { get; init; }
    public int BaseEpochs { get; init; } = 3;
    public int FineTuneEpochs { get; init; } = 1;
    public float FineTuneLearningRate { get; init; } = 5e-4f;

    /// <summary>Fine-tune on the first N training images only (0: all), to bound the time of slow models.</summary>
    public int FineTuneLimit { get; init; }
    public double MagnitudeSparsity { get; init; } = 0.8;
    public double StructuredFraction { get; init; } = 0.5;
    public string Student { get; init; } = "mlp-small";
    public int StudentEpochs { get; init; } = 3;
    public float Temperature { get; init; } = 4f;
    public float Alpha { get; init; } = 0.7f;
    public int BranchyEpochs { get; init; } = 5;
    public string Calibration { get; init; } = "fashion-mnist:train:512";
    public int Threads { get; init; } = 2;
    public int Runs { get; init; } = 300;
    public int Seed { get; init; }

    /// <summary>Use only the first N training and test images (0: all); for quick checks.</summary>
    public int Limit { get; init; }

    /// <summary>The branchy counterpart of a zoo model, when there is one.</summary>
    public static string? BranchyOf(string model) => model switch
    {
        "lenet5" => "branchy-lenet5",
        "resnet-tiny" => "branchy-resnet-tiny",
        _ => null,
    };
}

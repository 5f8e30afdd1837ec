namespace Verge.Net.Benchmarks.Compression;

/// <summary>
/// One model under one compression technique: file size (and gzip size, which shows what zeroed weights save),
/// MACs (expected MACs for early exits), ONNX Runtime latency (median, batch 1; expected latency for early exits),
/// Fashion-MNIST test accuracy through ONNX Runtime, and the seconds spent making it.
/// </summary>
public sealed record CompressionRow(string Model, string Technique, string Onnx, long Bytes, long GzipBytes, long Params, double Macs,
    double LatencyMs, double Accuracy, double MakeSeconds, string Notes)
{
    /// <summary>Accuracy change in points against the fp32 row of the same model.</summary>
    public double DeltaPoints { get; init; }

    public double SizeRatio { get; init; } = 1;

    public double Speedup { get; init; } = 1;

    /// <summary>Early exits only: accuracy of the final exit taking every sample, and the share that left earlier.</summary>
    public double? FinalExitAccuracy { get; init; }

    public double? EarlyFraction { get; init; }
}

namespace Verge.Net.Benchmarks.Streams;

/// <summary>Sharing the first <see cref="SharedLayers"/> backbone layers: each application's accuracy, its drop against
/// its own unshared model, the cost per frame, and the frames per second one core sustains for all applications.</summary>
public sealed record StemRow(int SharedLayers, IReadOnlyDictionary<string, double> Accuracy, IReadOnlyDictionary<string, double> Drop,
    double StemMs, double HeadsMs, double Fps, long MacsPerFrame);

namespace Verge.Inference.Serving.Stems;

/// <summary>Sharing the first <see cref="SharedLayers"/> layers: each application's accuracy, and the cost per frame of
/// the stem (run once) and of each application's head (run once each), in milliseconds.</summary>
public sealed record StemOption(int SharedLayers, IReadOnlyList<double> Accuracies, double StemMs, IReadOnlyList<double> HeadMs)
{
    public double FrameMs => StemMs + HeadMs.Sum();
    public double MeanAccuracy => Accuracies.Average();

    /// <summary>Frames per second one server core sustains for all applications together.</summary>
    public double Fps => FrameMs <= 0 ? double.PositiveInfinity : 1000.0 / FrameMs;
}

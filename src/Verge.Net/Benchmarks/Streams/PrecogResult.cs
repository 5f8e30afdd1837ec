namespace Verge.Net.Benchmarks.Streams;

/// <summary>Precog on a drifting stream: the calibrated confidence threshold, the share of frames answered on the
/// device, accuracy against always offloading, the specialised models pushed and trained.</summary>
public sealed record PrecogResult(int Frames, double Threshold, double LocalFraction, double Accuracy, double AccuracyOffload,
    int ModelsPushed, long BytesPushed, int ModelsTrained, long UplinkBytesSaved);

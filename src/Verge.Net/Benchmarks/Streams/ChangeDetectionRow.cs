namespace Verge.Net.Benchmarks.Streams;

/// <summary>One reuse gate on one evaluated stream, with the threshold calibrated on held-out frames.</summary>
public sealed record ChangeDetectionRow(string Stream, string Technique, double Threshold, int Frames, double OffloadedFraction,
    double Accuracy, double AccuracyEveryFrame, long UplinkBytes, long UplinkBytesSaved, double CalibrationAccuracyDrop);

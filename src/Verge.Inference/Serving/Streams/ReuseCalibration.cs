namespace Verge.Inference.Serving.Streams;

/// <summary>The threshold calibration chose and how the gate did with it on the held-out frames.</summary>
public sealed record ReuseCalibration(double Threshold, ReuseOutcome Outcome);

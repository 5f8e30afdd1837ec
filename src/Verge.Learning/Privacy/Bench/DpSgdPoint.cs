namespace Verge.Learning.Privacy.Bench;

/// <summary>DP-SGD at one target ε: what it spent, with which noise, and the test accuracy.</summary>
public sealed record DpSgdPoint(double TargetEpsilon, double Epsilon, double EpsilonClassic, double Noise, double SampleRate, long Steps,
    int Epochs, double TestAccuracy, double MeanEpochSeconds);

namespace Verge.Learning.EarlyExit;

/// <summary>
/// A policy on a data set: the share of samples leaving at each exit (final last), the accuracy of the answers
/// they leave with, and the expected multiply-accumulates per sample (each exit's cost weighted by its share).
/// </summary>
public sealed record ExitEvaluation(IReadOnlyList<double> Thresholds, IReadOnlyList<double> Fractions, double Accuracy,
    double ExpectedMacs, double MacsRatio)
{
    /// <summary>Share of samples that left before the final exit.</summary>
    public double EarlyFraction => 1 - Fractions[^1];
}

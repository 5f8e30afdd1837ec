namespace Verge.Learning.Privacy.Bench;

/// <summary>One plain epoch against the mean DP epoch of the same model and batch.</summary>
public sealed record EpochCost(string Model, int Batch, double PlainSeconds, double DpSeconds, double PlainTestAccuracy)
{
    public double Ratio => DpSeconds / PlainSeconds;
}

namespace Verge.Net.Running;

/// <summary>
/// What a tiered-exit run of a spec did: the thresholds, frames per tier, accuracy against the labels (when the input
/// has labels) next to the final exit alone, and uplink bytes next to offloading every input.
/// </summary>
public sealed record TieredRunReport(string Model, string Measure, IReadOnlyList<double> Thresholds, IReadOnlyList<TierRow> Tiers, int Frames,
    double Accuracy, double FinalOnlyAccuracy, long UplinkBytes, long OffloadAllBytes, double P50Ms, bool HasLabels)
{
    public double UplinkFraction => OffloadAllBytes == 0 ? 0 : (double)UplinkBytes / OffloadAllBytes;
}

namespace Verge.Net.Benchmarks.Streams;

/// <summary>
/// One re-profiling policy of the periodic scheduler over a stream count: each window scored with the allocation chosen
/// from earlier windows only, averaged over the scored windows — the scheduler's and the best uniform split's (chosen
/// from the same estimated profiles) mean accuracy, the smallest per-window gain, the least share of the capacity from
/// which the scheduler keeps uniform's accuracy (infinity: not even at 1×), and the (stream, setting) pairs profiled
/// against what profiling every setting of every stream in every window costs, and the most the chosen knobs really cost
/// on a scored window's frames as a share of the capacity (above 1 only when an early exit's cost, known afterwards, ran
/// over its estimate); and at the least share found, the most its knobs really cost on a scored window, as a share of
/// the full capacity (<see cref="CapacityUsed"/>: what "equal accuracy at ≤ 0.7× the capacity" reads).
/// </summary>
public sealed record AllocationPolicyRow(string Policy, int ScoredWindows, double MeanAccuracy, double UniformMeanAccuracy,
    double WorstWindowGain, double CapacityRatio, int SettingsProfiled, int SettingsProfiledInFull, double PeakLoad, double CapacityUsed)
{
    public double Gain => MeanAccuracy - UniformMeanAccuracy;

    /// <summary>The share of the capacity the scheduler needs for uniform's accuracy: the share it was given, or what its
    /// knobs really cost there when an exit's cost ran over its estimate (infinity: not even at 1×).</summary>
    public double CapacityNeeded => Math.Max(CapacityRatio, CapacityUsed);
}

namespace Verge.Net.Benchmarks.Streams;

/// <summary>
/// One re-profiling policy of the periodic scheduler over a stream count: each window scored with the allocation chosen
/// from earlier windows only, averaged over the scored windows — the scheduler's and the best uniform split's (chosen
/// from the same estimated profiles) mean accuracy, the smallest per-window gain, the least share of the capacity from
/// which the scheduler keeps uniform's accuracy (infinity: not even at 1×), and the (stream, setting) pairs profiled
/// against what profiling every setting of every stream in every window costs.
/// </summary>
public sealed record AllocationPolicyRow(string Policy, int ScoredWindows, double MeanAccuracy, double UniformMeanAccuracy,
    double WorstWindowGain, double CapacityRatio, int SettingsProfiled, int SettingsProfiledInFull)
{
    public double Gain => MeanAccuracy - UniformMeanAccuracy;
}

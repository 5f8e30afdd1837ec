namespace Verge.Net.Benchmarks.Streams;

/// <summary>
/// N streams of a mix (<see cref="AllocationStudy.Stationary"/> or <see cref="AllocationStudy.Changing"/>) under a knob set
/// (<see cref="AllocationStudy.ModelKnobs"/> or <see cref="AllocationStudy.IssueKnobs"/>) on a server of the given capacity (MACs/s): mean accuracy on the profiling window (what the allocator
/// optimised) and measured on the window after it, for the allocator and the baselines, the capacity at which the allocator matches the best baseline (as a fraction of
/// the capacity; on the profiled window, and on the next window: <see cref="NextWindowCapacityRatio"/>, infinity when
/// even the full capacity does not), profile sharing's cost and accuracy, and the periodic scheduler over many windows
/// under each re-profiling policy (<see cref="AllocationOverTime"/>).
/// </summary>
public sealed record AllocationRow(string KnobSet, string Mix, int Streams, double Capacity, double CapacityShareOfBest, double ProfiledMeanAccuracy, double ProfiledUniformMeanAccuracy, double MeanAccuracy, double MinAccuracy,
    double UniformMeanAccuracy, double SameKnobMeanAccuracy, double FairShareMeanAccuracy, double CapacityRatioForUniformAccuracy,
    double NextWindowCapacityRatio,
    int ProfilesOwn, int ProfilesShared, double SharedMeanAccuracy, IReadOnlyDictionary<string, string> Knobs,
    IReadOnlyList<AllocationPolicyRow> Periodic)
{
    /// <summary>The periodic scheduler's own policy (<see cref="AllocationOverTime.Scheduler"/>): the acceptance's figure.</summary>
    public AllocationPolicyRow Scheduler => Periodic.First(p => p.Policy == AllocationOverTime.Scheduler);
}

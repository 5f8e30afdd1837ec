namespace Verge.Inference.Serving.Allocation;

/// <summary>
/// How <see cref="KnobScheduler"/> re-profiles at each window boundary (Chameleon, Jiang et al., SIGCOMM 2018 §4:
/// profiles go stale as content changes, yet good settings persist over time). Every <see cref="FullEvery"/>-th window
/// each group leader is profiled on every setting; in the windows between, only <see cref="TopK"/> settings of its
/// estimated Pareto frontier around the setting it runs (0: none, the last values stand). A setting's accuracy is the
/// mean of its last <see cref="History"/> measurements (0: all since the stream's content last changed), so one
/// window's few items do not steer the allocation alone. A stream whose content signature leaves
/// <see cref="ChangeTolerance"/> (relative) of the one its history was measured at forgets that history and is
/// profiled in full at once. <see cref="Pool"/> uses sharing to cut noise rather than cost: every stream is profiled
/// in full every window, and each adds its group's mean profile (its alike streams') to its history.
/// </summary>
public sealed record ReprofilePolicy(int FullEvery = 1, int TopK = 0, int History = 1, double ChangeTolerance = double.PositiveInfinity,
    bool Pool = false)
{
    /// <summary>Every window profiled in full, only the last window counts: VideoStorm's periodic profile.</summary>
    public static ReprofilePolicy LastWindow { get; } = new();

    public void Validate()
    {
        if (FullEvery < 1) throw new ArgumentOutOfRangeException(nameof(FullEvery), "a full profile at least every window: FullEvery ≥ 1");
        if (TopK < 0 || History < 0) throw new ArgumentOutOfRangeException(nameof(TopK), "TopK and History are counts (0 or more)");
        if (!(ChangeTolerance > 0)) throw new ArgumentOutOfRangeException(nameof(ChangeTolerance), "the change tolerance is a positive fraction");
    }
}

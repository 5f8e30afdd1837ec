namespace Verge.Cluster.Benchmarks;

/// <summary>What `verge bench cluster` measured; the JSON's top-level fields sum the failover and handover runs.</summary>
public sealed record ClusterBenchReport(
    ClusterBenchOptions Settings,
    IReadOnlyList<ScalingCase> Scaling,
    FailoverResult Failover,
    HandoverResult Handover,
    IReadOnlyList<string> Acceptance)
{
    public long FramesSent => Failover.FramesSent + Handover.FramesSent;
    public long FramesLost => Failover.FramesLost + Handover.FramesLost;
    public long FramesDuplicated => Failover.FramesDuplicated + Handover.FramesDuplicated;
    public long FramesRecomputed => Failover.FramesRecomputed;
    public double ResumeSeconds => Failover.ResumeSeconds;
    public double HandoverMs => Handover.HandoverMsP50;
}

/// <summary>Every device streams through its edge server (device i → server i mod silos); sessions placed where they were opened.</summary>
public sealed record ScalingCase(int Silos, int Devices, long Frames, double Seconds, double FramesPerSecond, double FrameMsP50, double FrameMsP99,
    IReadOnlyList<int> SessionsPerSilo);

/// <summary>
/// A silo process killed while every device streams: frames never answered (lost), answered frames the stages computed
/// again (duplicated), frames computed again because their first computation died unanswered with the silo
/// (recomputed; both counted in Redis by the stages), retries, and the longest time from the kill to the next answer
/// of a device whose session lived on the killed silo.
/// </summary>
public sealed record FailoverResult(int Silos, long FramesSent, long FramesLost, long FramesDuplicated, long FramesRecomputed, long Retries,
    int DevicesAffected, double ResumeSeconds, long Computations);

/// <summary>
/// Every device moves from edge server A to B after <c>MoveAfterFrames</c>: B pre-loads the stage while frames still
/// flow to A, then the session migrates live. Handover is the device's Handover call; first-frame and steady latencies
/// compare the first frame on B with the frames on A; migrate is the part the new server spent moving the grain.
/// </summary>
public sealed record HandoverResult(long FramesSent, long FramesLost, long FramesDuplicated, double HandoverMsP50, double HandoverMsMax, double MigrateMsP50,
    double SteadyMsP50, double FirstFrameMsP50, double FirstFrameMsMax, double StageLoadMs, double StateKiB, int SessionsOnNewServer);

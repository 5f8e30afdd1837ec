namespace Verge.Cluster.Moves;

/// <summary>
/// What a run with <c>app.moves</c> measured: every frame (which edge server and silo answered it, its time, its
/// difference from the whole model run on the device), every handover, and — on a local cluster, whose Redis the run
/// reads — how many frames a stage computed twice.
/// </summary>
public sealed record MovingRunReport(
    string Model,
    string Plan,
    string Placement,
    string Session,
    bool LocalCluster,
    IReadOnlyList<MovedFrame> Frames,
    IReadOnlyList<HandoverRecord> Handovers)
{
    /// <summary>Answered frames computed more than once (from the stages' count in Redis); null when the cluster was given by URL.</summary>
    public int? FramesComputedTwice { get; init; }

    /// <summary>Moves of the spec the run did not make: the frames ran out first (a handover still running counts as made).</summary>
    public IReadOnlyList<Core.Spec.MoveSpec> MovesNotReached { get; init; } = [];

    /// <summary>Frames whose reply came from the session's memory of answered frames, not a computation.</summary>
    public int FramesRepeated => Frames.Count(f => f.Repeated);

    public double MaxRelDiff => Frames.Count == 0 ? 0 : Frames.Max(f => f.MaxRelDiff);

    public bool AllTop1Agree => Frames.All(f => f.Top1Agrees);
}

/// <summary>One frame: the edge node it was sent to, the silo its session answered from, device-to-answer time in ms.</summary>
public sealed record MovedFrame(int Frame, string Edge, string Silo, double TotalMs, bool Repeated, double MaxRelDiff, bool Top1Agrees, int Answer);

/// <summary>
/// One move (§VI-A3): the new server pre-loaded the stage (<see cref="PreloadMs"/>, off the frames' path, started
/// <see cref="PreloadStartFrame"/>), then the Handover call migrated the session live (<see cref="HandoverMs"/> at the
/// device, <see cref="MigrateMs"/> on the server). Frames due on the new server while that ran still went to the old one
/// (<see cref="FramesAffected"/>); <see cref="FirstFrame"/> is the first sent to the new server, its time against the
/// median on the old server (<see cref="SteadyMs"/>).
/// </summary>
public sealed record HandoverRecord(
    string From,
    string To,
    int AfterFrames,
    int PreloadStartFrame,
    double PreloadMs,
    double HandoverMs,
    double MigrateMs,
    string PreviousSilo,
    string Silo,
    int RememberedFrames,
    int FramesAffected,
    int? FirstFrame,
    double? FirstFrameMs,
    double SteadyMs)
{
    /// <summary>The slowest of the affected frames (a frame that reaches the session while it moves waits for it).</summary>
    public double? AffectedMaxMs { get; init; }
}

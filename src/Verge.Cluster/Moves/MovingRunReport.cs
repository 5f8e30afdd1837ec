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

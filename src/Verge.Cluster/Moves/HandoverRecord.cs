namespace Verge.Cluster.Moves;

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

using Verge.Net.Security;

namespace Verge.Cluster.Moves;

/// <summary>
/// How <see cref="MovingRun"/> runs a spec with <c>app.moves</c>: frames, a fixed candidate or the planner's choice, ONNX
/// Runtime threads, and the spec's edge nodes as running `verge serve --cluster` servers by node name (empty: a local
/// cluster is started on loopback for the run).
/// </summary>
public sealed record MovingRunSettings(int Frames, string? Plan, int Threads, IReadOnlyDictionary<string, string> EdgeUrls)
{
    /// <summary>Token and trusted CA for the edge servers (loading stages needs an admin token).</summary>
    public ClientSecurity Security { get; init; } = ClientSecurity.None;

    /// <summary>
    /// Frames before a move at which the device asks the next edge server to pre-load its stage. The device never waits
    /// for it: a pre-load (or handover) that is not done by the move's frame leaves the frames on the old server meanwhile,
    /// counted as frames affected.
    /// </summary>
    public int PreloadLead { get; init; } = 10;
}

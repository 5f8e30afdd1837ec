namespace Verge.Cluster.Benchmarks;

/// <summary>
/// `verge bench cluster`: how many devices stream how many frames, the silo counts of the scaling runs, the frame at
/// which device 0's edge server is killed (failover) and after which every device moves to the other edge server
/// (handover).
/// </summary>
public sealed record ClusterBenchOptions
{
    public int Devices { get; init; } = 20;
    public int Frames { get; init; } = 200;
    public IReadOnlyList<int> SiloCounts { get; init; } = [1, 2, 3];

    /// <summary>Device 0's frame at which its edge server is killed; 0: half of <see cref="Frames"/>.</summary>
    public int KillAtFrame { get; init; }

    /// <summary>Frames each device sends to its first edge server before it moves (the spec's <c>after_frames</c>).</summary>
    public int MoveAfterFrames { get; init; } = 40;

    /// <summary>Tries of one frame (the first and its retries) before the device counts it lost.</summary>
    public int MaxAttempts { get; init; } = 40;

    public int KillFrame => KillAtFrame > 0 ? KillAtFrame : Frames / 2;
}

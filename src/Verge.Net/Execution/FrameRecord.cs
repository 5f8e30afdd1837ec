namespace Verge.Net.Execution;

/// <summary>One frame of a run: the plan it ran under, where it was computed, its measured latency split, and how its
/// outputs compare with the whole model run locally.</summary>
public sealed record FrameRecord(
    int Frame,
    string Plan,
    string ComputedAt,
    bool Fallback,
    double TotalMs,
    double DeviceMs,
    double NetworkMs,
    double RemoteMs,
    long UplinkBytes,
    double MaxRelativeDifference,
    bool Top1Agrees)
{
    /// <summary>The device's gate reused the last answer (no call); its outputs are not this frame's, so the
    /// comparison with the whole model and the latency figures leave it out.</summary>
    public bool Reused { get; init; }

    /// <summary>Index of the largest value of the first output: the class answered for this frame.</summary>
    public int Answer { get; init; }
}

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
    bool Top1Agrees);

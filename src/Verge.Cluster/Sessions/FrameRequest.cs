namespace Verge.Cluster.Sessions;

/// <summary>
/// One frame from a device. The frame id makes a retry (after a timeout or a lost edge server) idempotent.
/// <see cref="Authorization"/> is the device's own bearer header, so the stage node that computes the frame checks the
/// same caller the edge server did; it travels with the call only (silo to silo, on loopback), never into Redis.
/// </summary>
[GenerateSerializer, Alias("verge.frame-request")]
public sealed record FrameRequest(
    [property: Id(0)] long FrameId,
    [property: Id(1)] byte[] Input)
{
    [Id(2)] public string? Authorization { get; init; }
}

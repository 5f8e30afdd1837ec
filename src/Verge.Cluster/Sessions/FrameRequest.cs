namespace Verge.Cluster.Sessions;

/// <summary>One frame from a device. The frame id makes a retry (after a timeout or a lost edge server) idempotent.</summary>
[GenerateSerializer, Alias("verge.frame-request")]
public sealed record FrameRequest(
    [property: Id(0)] long FrameId,
    [property: Id(1)] byte[] Input);

namespace Verge.Cluster.Sessions;

/// <summary>A read-only view of a session's state: what it serves, the last frame it answered, how many it remembers.</summary>
[GenerateSerializer, Alias("verge.session-snapshot")]
public sealed record SessionSnapshot(
    [property: Id(0)] SessionInfo? Info,
    [property: Id(1)] long LastFrameId,
    [property: Id(2)] int RememberedFrames,
    [property: Id(3)] string Silo);

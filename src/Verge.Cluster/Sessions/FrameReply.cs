namespace Verge.Cluster.Sessions;

/// <summary>The answer to one frame; <see cref="Repeated"/> says it came from the session's memory, not a new computation.</summary>
[GenerateSerializer, Alias("verge.frame-reply")]
public sealed record FrameReply(
    [property: Id(0)] long FrameId,
    [property: Id(1)] byte[] Output,
    [property: Id(2)] bool Repeated,
    [property: Id(3)] string Silo);

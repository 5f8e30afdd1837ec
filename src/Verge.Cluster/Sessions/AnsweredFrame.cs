namespace Verge.Cluster.Sessions;

/// <summary>A frame the session already answered, kept so that a retry of it is answered without computing again.</summary>
[GenerateSerializer, Alias("verge.answered-frame")]
public sealed record AnsweredFrame(
    [property: Id(0)] long FrameId,
    [property: Id(1)] byte[] Output);

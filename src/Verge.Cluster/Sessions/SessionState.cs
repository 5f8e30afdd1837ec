namespace Verge.Cluster.Sessions;

/// <summary>A session's persisted state (Redis): written before each reply, so a silo that dies loses no answered frame.</summary>
[GenerateSerializer, Alias("verge.session-state")]
public sealed class SessionState
{
    [Id(0)] public SessionInfo? Info { get; set; }
    [Id(1)] public long LastFrameId { get; set; } = -1;
    [Id(2)] public List<AnsweredFrame> Answered { get; set; } = [];
}

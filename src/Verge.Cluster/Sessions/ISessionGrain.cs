using Orleans.Runtime;

namespace Verge.Cluster.Sessions;

/// <summary>One device's session on the edge tier, keyed by the device id: any edge server routes the device's calls here.</summary>
[Alias("verge.session")]
public interface ISessionGrain : IGrainWithStringKey
{
    /// <summary>Records what the device runs (plan, stage) and its link estimate; kept across failover.</summary>
    [Alias("open")]
    Task OpenAsync(SessionInfo info);

    /// <summary>Answers one frame. A frame id already answered returns the stored result without computing again.</summary>
    [Alias("process")]
    Task<FrameReply> ProcessAsync(FrameRequest request);

    /// <summary>Moves the session live to the silo of the edge server the device moves to (§VI-A3), with its state.</summary>
    [Alias("migrate")]
    Task MigrateAsync(SiloAddress target);

    /// <summary>The session's persisted state, as the grain sees it now.</summary>
    [Alias("snapshot")]
    Task<SessionSnapshot> SnapshotAsync();
}

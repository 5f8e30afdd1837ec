namespace Verge.Cluster.Sessions;

/// <summary>What a device's session serves: its plan and stage ids, and the device's current link estimate.</summary>
[GenerateSerializer, Alias("verge.session-info")]
public sealed record SessionInfo(
    [property: Id(0)] string PlanId,
    [property: Id(1)] string StageId,
    [property: Id(2)] double LinkMbps);

namespace Verge.Learning.Federated.Hierarchical;

/// <summary>
/// When an edge talks to the cloud: <see cref="Edge"/>, the whole accumulated update once its norm is significant
/// relative to the edge model's; <see cref="Parameter"/>, Gaia's per-parameter filter (<see cref="SignificanceFilter"/>).
/// </summary>
public enum SyncFilter
{
    Edge,
    Parameter,
}

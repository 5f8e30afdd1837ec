namespace Verge.Core.Deployment;

/// <summary>
/// A node's power draw in watts: while computing, while idle (waiting for a reply), and while its radio sends or
/// receives. Device energy is <c>ComputeW·compute + RadioW·transfer + IdleW·waiting</c>.
/// </summary>
public sealed record PowerModel(double ComputeW, double IdleW, double RadioW)
{
    public static readonly PowerModel None = new(0, 0, 0);
}

using Verge.Net.Hosting;

namespace Verge.Cluster.Edge;

/// <summary>A clustered edge server: the node options devices dial (<c>--listen</c>) and where it joins the cluster.</summary>
public sealed record ClusterEdgeOptions(NodeHostOptions Node, string Redis, int SiloPort, int GatewayPort)
{
    /// <summary>Count each frame's computations in Redis (<see cref="Hosting.ComputationLedger"/>); for benchmarks and audits.</summary>
    public bool CountComputations { get; init; }

    /// <summary>The name replies and sessions show for this server: the node's name, else unique by its silo port.</summary>
    public string Name => Node.Name ?? $"{Node.Role}-{SiloPort}";
}

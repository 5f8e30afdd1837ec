using Verge.Net.Hosting;

namespace Verge.Cluster.Edge;

/// <summary>A clustered edge server: the node options devices dial (<c>--listen</c>) and where it joins the cluster.</summary>
public sealed record ClusterEdgeOptions(NodeHostOptions Node, string Redis, int SiloPort, int GatewayPort);

namespace Verge.Cluster.Hosting;

/// <summary>
/// Where one edge server joins the cluster: the Redis that holds membership and session state, its silo-to-silo port,
/// its client gateway port, and a name that shows up in replies (which silo answered).
/// </summary>
public sealed record EdgeSiloOptions(string Redis, int SiloPort, int GatewayPort, string Name)
{
    /// <summary>Cluster and service ids; every edge server of one deployment uses the same.</summary>
    public string ClusterId { get; init; } = DefaultClusterId;

    public const string DefaultClusterId = "verge";
}

using System.CommandLine;
using Verge.Cluster.Edge;
using Verge.Core.Errors;
using Verge.Net.Hosting;

namespace Verge.Cli.Options;

/// <summary>`verge serve --cluster REDIS [--silo-port P] [--gateway-port P] [--count-computations]`: join an edge tier of many servers (issue 15).</summary>
internal sealed class ClusterFlags
{
    private readonly Option<string?> redis = new("--cluster") { Description = "Join the edge cluster whose membership and sessions live in Redis at HOST:PORT; devices' frames go through their session, on any edge server" };
    private readonly Option<int> siloPort = new("--silo-port") { Description = "Port for silo-to-silo traffic in the cluster", DefaultValueFactory = _ => 11111 };
    private readonly Option<int> gatewayPort = new("--gateway-port") { Description = "Port for the cluster's client gateway", DefaultValueFactory = _ => 30000 };
    private readonly Option<bool> count = new("--count-computations") { Description = "Count each frame's computations in the cluster's Redis (verge bench cluster reads them: a frame computed twice shows)" };

    public static ClusterFlags Create() => new();

    public void AddTo(Command command)
    {
        command.Options.Add(redis);
        command.Options.Add(siloPort);
        command.Options.Add(gatewayPort);
        command.Options.Add(count);
    }

    /// <summary>The clustered edge server's options, or null when --cluster is absent (a plain node, as before).</summary>
    public ClusterEdgeOptions? Read(ParseResult r, NodeHostOptions node, string? models)
    {
        var address = r.GetValue(redis);
        if (address is null)
            return null;
        if (models is not null)
            throw new UsageException("--cluster serves plan stages through device sessions, not a model repository; drop --models (or serve it without --cluster)");
        if (node.Role != "edge")
            throw new UsageException($"--cluster makes an edge server; use --role edge, not {node.Role}");
        // The ports' ranges are checked with every other numeric flag (FlagRanges).
        return new ClusterEdgeOptions(node, address, r.GetValue(siloPort), r.GetValue(gatewayPort)) { CountComputations = r.GetValue(count) };
    }
}

using Verge.Cluster.Benchmarks;
using Verge.Cluster.Edge;
using Verge.Cluster.Hosting;
using Verge.Core.Deployment;
using Verge.Core.Processes;
using Verge.Net.Hosting;

namespace Verge.Cluster.Moves;

/// <summary>
/// The spec's edge nodes as one local cluster for a run: a real redis-server (<see cref="RedisProcess"/>) and one clustered
/// edge server per edge node in this process, each its own Orleans silo on loopback ports, named after its node, counting
/// each frame's computations in Redis (so the run can show that no frame was computed twice).
/// </summary>
public sealed class LocalEdgeCluster : IAsyncDisposable
{
    private readonly RedisProcess redis;
    private readonly List<ClusterEdgeServer> servers = [];

    private LocalEdgeCluster(RedisProcess redis) => this.redis = redis;

    /// <summary>Each edge node's address, by node name.</summary>
    public Dictionary<string, string> Urls { get; } = new(StringComparer.Ordinal);

    public static async Task<LocalEdgeCluster> StartAsync(IEnumerable<Node> edges, int threads, CancellationToken ct)
    {
        var cluster = new LocalEdgeCluster(await RedisProcess.StartAsync(ct));
        try
        {
            // One after the other: each silo joins the membership the previous ones wrote to Redis.
            foreach (var edge in edges)
            {
                var node = NodeHostOptions.FromListenUrl("edge", "http://127.0.0.1:0", threads) with { Name = edge.Name };
                var server = await ClusterEdgeServer.StartAsync(
                    new ClusterEdgeOptions(node, cluster.redis.Address, LaunchedProcess.FreeLoopbackPort(), LaunchedProcess.FreeLoopbackPort()) { CountComputations = true }, ct);
                cluster.servers.Add(server);
                cluster.Urls[edge.Name] = server.Url;
            }
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>How often each frame of <paramref name="device"/> was computed and answered, by frame id.</summary>
    public async Task<IReadOnlyDictionary<long, FrameCount>> CountsAsync(string device)
    {
        var all = await ComputationLedger.ReadAsync(redis.Address);
        var prefix = device + "/";
        return all.Where(c => c.Key.StartsWith(prefix, StringComparison.Ordinal))
            .ToDictionary(c => long.Parse(c.Key[prefix.Length..], System.Globalization.CultureInfo.InvariantCulture), c => c.Value);
    }

    public async ValueTask DisposeAsync()
    {
        // Servers in reverse: the last to join leaves first, so the others never wait on a dead membership entry.
        for (var i = servers.Count - 1; i >= 0; i--) await servers[i].DisposeAsync();
        await redis.DisposeAsync();
    }
}

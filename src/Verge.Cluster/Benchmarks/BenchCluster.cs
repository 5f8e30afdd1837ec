using System.Diagnostics;
using Verge.Net.Protos;

namespace Verge.Cluster.Benchmarks;

/// <summary>One benchmark run's cluster: a fresh redis-server and N `verge serve --cluster` processes holding the stage.</summary>
internal sealed class BenchCluster : IAsyncDisposable
{
    private BenchCluster(RedisProcess redis, List<EdgeServerProcess> edges) => (Redis, Edges) = (redis, edges);

    public RedisProcess Redis { get; }
    public IReadOnlyList<EdgeServerProcess> Edges { get; }

    /// <param name="loadOn">How many of the edge servers load the stage now (the first ones); default all.</param>
    public static async Task<BenchCluster> StartAsync(int silos, Func<IReadOnlyList<string>, ProcessStartInfo> launch, CancellationToken ct, int? loadOn = null)
    {
        var redis = await RedisProcess.StartAsync(ct);
        var edges = new List<EdgeServerProcess>();
        var cluster = new BenchCluster(redis, edges);
        try
        {
            // One after the other: each joins the membership the previous ones wrote to Redis.
            for (var i = 0; i < silos; i++)
                edges.Add(await EdgeServerProcess.StartAsync(launch, redis.Address, ct));
            foreach (var edge in edges.Take(loadOn ?? silos))
                await new StageService.StageServiceClient(edge.Channel).LoadStageAsync(BenchStage.Load(), cancellationToken: ct);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public List<BenchDevice> Devices(int count, int maxAttempts) =>
        [.. Enumerable.Range(0, count).Select(i => new BenchDevice(i, Edges, maxAttempts))];

    public async ValueTask DisposeAsync()
    {
        foreach (var edge in Edges) edge.Dispose();
        await Redis.DisposeAsync();
    }
}

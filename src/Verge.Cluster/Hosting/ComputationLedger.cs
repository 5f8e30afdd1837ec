using StackExchange.Redis;
using Verge.Cluster.Sessions;

namespace Verge.Cluster.Hosting;

/// <summary>
/// Counts every computation of every frame in Redis (one hash per cluster, field DEVICE/FRAME), so a benchmark or a test
/// sees a frame computed twice even when the silo that computed it first was killed (`verge serve --count-computations`).
/// Counted after the stage ran and before the session writes its state: a frame counted twice ran twice.
/// </summary>
public sealed class ComputationLedger(IFrameComputer inner, IDatabase redis, string clusterId) : IFrameComputer
{
    public static string Key(string clusterId) => $"verge:{clusterId}:computations";

    public async ValueTask<byte[]> ComputeAsync(string deviceId, FrameRequest frame, CancellationToken cancellationToken)
    {
        var output = await inner.ComputeAsync(deviceId, frame, cancellationToken);
        await redis.HashIncrementAsync(Key(clusterId), Field(deviceId, frame.FrameId));
        return output;
    }

    public static string Field(string deviceId, long frameId) => $"{deviceId}/{frameId}";

    /// <summary>Every counted frame with its number of computations.</summary>
    public static async Task<IReadOnlyDictionary<string, int>> ReadAsync(string redisAddress, string clusterId = "verge")
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(EdgeSilo.ParseRedis(redisAddress));
        var entries = await connection.GetDatabase().HashGetAllAsync(Key(clusterId));
        return entries.ToDictionary(e => e.Name.ToString(), e => (int)e.Value, StringComparer.Ordinal);
    }
}

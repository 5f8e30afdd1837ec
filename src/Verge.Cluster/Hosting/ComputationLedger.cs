using StackExchange.Redis;
using Verge.Cluster.Sessions;

namespace Verge.Cluster.Hosting;

/// <summary>
/// Counts in Redis every computation of every frame, and every answer a session persisted (field DEVICE/FRAME), so a
/// benchmark or a test sees a frame computed twice even when the silo that computed it first was killed
/// (`verge serve --count-computations`). Two computations with one persisted answer: the first died with its silo
/// before its answer was stored (the device never saw it). Two persisted answers: an answered frame computed again.
/// </summary>
public sealed class ComputationLedger(IFrameComputer inner, IDatabase redis, string clusterId) : IFrameComputer
{
    public static string ComputedKey(string clusterId) => $"verge:{clusterId}:computations";
    public static string AnsweredKey(string clusterId) => $"verge:{clusterId}:answers";

    public async ValueTask<byte[]> ComputeAsync(string deviceId, FrameRequest frame, CancellationToken cancellationToken)
    {
        var output = await inner.ComputeAsync(deviceId, frame, cancellationToken);
        await redis.HashIncrementAsync(ComputedKey(clusterId), Field(deviceId, frame.FrameId));
        return output;
    }

    public async ValueTask AnsweredAsync(string deviceId, long frameId)
    {
        await inner.AnsweredAsync(deviceId, frameId);
        await redis.HashIncrementAsync(AnsweredKey(clusterId), Field(deviceId, frameId));
    }

    public static string Field(string deviceId, long frameId) => $"{deviceId}/{frameId}";

    /// <summary>Every counted frame (DEVICE/FRAME) with its computations and its persisted answers.</summary>
    public static async Task<IReadOnlyDictionary<string, FrameCount>> ReadAsync(string redisAddress, string clusterId = EdgeSiloOptions.DefaultClusterId)
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(EdgeSilo.ParseRedis(redisAddress));
        var db = connection.GetDatabase();
        var computed = await db.HashGetAllAsync(ComputedKey(clusterId));
        var answered = (await db.HashGetAllAsync(AnsweredKey(clusterId))).ToDictionary(e => e.Name.ToString(), e => (int)e.Value, StringComparer.Ordinal);
        return computed.ToDictionary(e => e.Name.ToString(), e => new FrameCount((int)e.Value, answered.GetValueOrDefault(e.Name.ToString())), StringComparer.Ordinal);
    }
}

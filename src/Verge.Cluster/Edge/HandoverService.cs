using System.Diagnostics;
using Grpc.Core;
using Verge.Cluster.Hosting;
using Verge.Cluster.Protos;

namespace Verge.Cluster.Edge;

/// <summary>
/// A device that moved to this edge server (§VI-A3) asks for its session here: the grain migrates live from wherever it
/// lives, with its state (Orleans' dehydration carries it; nothing is re-read from Redis), and answers here before the
/// device sends its next frame. Refused while a stage the device will use is not loaded here: the device pre-loads
/// first, so no frame of its waits for a cold model load.
/// </summary>
internal sealed class HandoverService(EdgeSilo silo, LocalStageComputer local) : EdgeSessionService.EdgeSessionServiceBase
{
    /// <summary>Calls that may still land on the old silo while the activation moves (each is a cheap snapshot).</summary>
    private const int MaxChecks = 50;

    public override async Task<HandoverReply> Handover(HandoverRequest request, ServerCallContext context)
    {
        if (string.IsNullOrEmpty(request.Device))
            throw new RpcException(new Status(StatusCode.InvalidArgument, "a handover names its device; set device"));
        if (request.StageIds.FirstOrDefault(id => !local.Holds(id)) is { } cold)
            throw new RpcException(new Status(StatusCode.FailedPrecondition,
                $"stage '{cold}' is not loaded on edge server {silo.Options.Name}; load it here (LoadStage) before the handover"));
        var clock = Stopwatch.StartNew();
        var session = silo.Session(request.Device);
        var before = await session.SnapshotAsync();
        var now = before;
        if (before.Silo != silo.Options.Name)
        {
            await session.MigrateAsync(silo.Address);
            // Calls queued behind the migration follow the activation; a placement hint is a hint, so check.
            for (var i = 0; (now = await session.SnapshotAsync()).Silo != silo.Options.Name; i++)
            {
                if (i >= MaxChecks)
                    throw new RpcException(new Status(StatusCode.Unavailable,
                        $"the session of '{request.Device}' stayed on {now.Silo}; retry the handover"));
                await Task.Delay(10, context.CancellationToken);
                await session.MigrateAsync(silo.Address);
            }
        }
        return new HandoverReply
        {
            PreviousSilo = before.Silo,
            Silo = now.Silo,
            MigrateMs = clock.Elapsed.TotalMilliseconds,
            RememberedFrames = now.RememberedFrames,
        };
    }
}

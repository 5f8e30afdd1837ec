using Google.Protobuf;
using Grpc.Core;
using Verge.Cluster.Hosting;
using Verge.Cluster.Sessions;
using Verge.Net.Protos;

namespace Verge.Cluster.Edge;

/// <summary>
/// The stage service a device sees on a clustered edge server: stage loading goes to this server's own node; each
/// frame goes to the device's session grain (header <c>verge-device</c>), wherever in the cluster it lives.
/// </summary>
internal sealed class SessionRoutingService(EdgeSilo silo, LocalStageComputer local) : StageService.StageServiceBase
{
    public const string DeviceHeader = "verge-device";

    public override async Task<LoadStageReply> LoadStage(LoadStageRequest request, ServerCallContext context)
    {
        if (request.StageId.Length == 0)
            throw new RpcException(new Status(StatusCode.InvalidArgument,
                "in a cluster every edge server must hold a stage under one id; give the stage an id (stage_id)"));
        return await local.Node.LoadStageAsync(request, cancellationToken: context.CancellationToken);
    }

    public override async Task<UnloadStageReply> UnloadStage(UnloadStageRequest request, ServerCallContext context) =>
        await local.Node.UnloadStageAsync(request, cancellationToken: context.CancellationToken);

    public override async Task<PingReply> Ping(PingRequest request, ServerCallContext context) =>
        await local.Node.PingAsync(request, cancellationToken: context.CancellationToken);

    public override async Task<InferReply> Infer(InferRequest request, ServerCallContext context)
    {
        var device = context.RequestHeaders.GetValue(DeviceHeader);
        if (string.IsNullOrEmpty(device))
            throw new RpcException(new Status(StatusCode.InvalidArgument,
                $"a clustered edge server routes frames by device; send the header '{DeviceHeader}: DEVICE_ID'"));
        var reply = await silo.Session(device).ProcessAsync(new FrameRequest(request.FrameId, request.ToByteArray()));
        return InferReply.Parser.ParseFrom(reply.Output);
    }
}

using Google.Protobuf;
using Grpc.Core;
using Verge.Cluster.Hosting;
using Verge.Cluster.Sessions;
using Verge.Net.Protos;
using Verge.Net.Security;

namespace Verge.Cluster.Edge;

/// <summary>
/// The stage service a device sees on a clustered edge server: stage loading goes to this server's own node; each
/// frame goes to the device's session grain (header <c>verge-device</c>), wherever in the cluster it lives. The reply
/// headers say which silo answered (<c>verge-silo</c>) and whether from the session's memory (<c>verge-repeated</c>).
/// </summary>
internal sealed class SessionRoutingService(EdgeSilo silo, LocalStageComputer local) : StageService.StageServiceBase
{
    public const string DeviceHeader = "verge-device";
    public const string SiloHeader = "verge-silo";
    public const string RepeatedHeader = "verge-repeated";

    [RequiresRole(TokenRole.Admin)]
    public override async Task<LoadStageReply> LoadStage(LoadStageRequest request, ServerCallContext context)
    {
        if (request.StageId.Length == 0)
            throw new RpcException(new Status(StatusCode.InvalidArgument,
                "in a cluster every edge server must hold a stage under one id; give the stage an id (stage_id)"));
        return await local.LoadAsync(request, Authorization(context), context.CancellationToken);
    }

    [RequiresRole(TokenRole.Admin)]
    public override async Task<UnloadStageReply> UnloadStage(UnloadStageRequest request, ServerCallContext context) =>
        await local.UnloadAsync(request, Authorization(context), context.CancellationToken);

    public override async Task<PingReply> Ping(PingRequest request, ServerCallContext context) =>
        await local.Node.PingAsync(request, LocalStageComputer.Headers(Authorization(context)), cancellationToken: context.CancellationToken);

    public override async Task<InferReply> Infer(InferRequest request, ServerCallContext context)
    {
        var device = context.RequestHeaders.GetValue(DeviceHeader);
        if (string.IsNullOrEmpty(device))
            throw new RpcException(new Status(StatusCode.InvalidArgument,
                $"a clustered edge server routes frames by device; send the header '{DeviceHeader}: DEVICE_ID'"));
        var frame = new FrameRequest(request.FrameId, request.ToByteArray()) { Authorization = Authorization(context) };
        var reply = await silo.Session(device).ProcessAsync(frame);
        await context.WriteResponseHeadersAsync(new Metadata { { SiloHeader, reply.Silo }, { RepeatedHeader, reply.Repeated ? "true" : "false" } });
        return InferReply.Parser.ParseFrom(reply.Output);
    }

    private static string? Authorization(ServerCallContext context) =>
        context.RequestHeaders.GetValue(LocalStageComputer.AuthorizationHeader);
}

using Grpc.Core;
using Grpc.Net.Client;
using Verge.Cluster.Edge;
using Verge.Cluster.Protos;
using Verge.Core.Errors;
using Verge.Net.Client;
using Verge.Net.Links;
using Verge.Net.Protos;
using Verge.Net.Security;
using Verge.Net.Stages;

namespace Verge.Cluster.Moves;

/// <summary>
/// The device's connection to one clustered edge server, over the spec's emulated link to that node: its frames carry
/// the device header (the server routes them to the device's session grain), and the same channel — TLS and token as
/// given — carries the stage loads and the handover.
/// </summary>
internal sealed class EdgeConnection : IDisposable
{
    private readonly GrpcChannel channel;
    private readonly Metadata headers;

    public EdgeConnection(string node, string url, LinkParameters link, string device, ClientSecurity security)
    {
        ClientSecurity.CheckUrl(url, $"edge server '{node}'");
        (Node, Url) = (node, url);
        Link = new EmulatedLink(link);
        channel = GrpcChannel.ForAddress(url, new GrpcChannelOptions
        {
            HttpHandler = Link.CreateHandler(security.CreateTransport()),
            DisposeHttpClient = true,
            MaxReceiveMessageSize = NodeClient.MaxMessageBytes,
            MaxSendMessageSize = NodeClient.MaxMessageBytes,
        });
        headers = new Metadata { { SessionRoutingService.DeviceHeader, device } };
    }

    public string Node { get; }
    public string Url { get; }
    public EmulatedLink Link { get; }

    private StageService.StageServiceClient Stages => new(channel);

    public async Task PingAsync(CancellationToken ct) =>
        await Stages.PingAsync(new PingRequest(), deadline: DateTime.UtcNow.AddSeconds(10), cancellationToken: ct);

    public async Task<LoadStageReply> LoadAsync(StageModel stage, CancellationToken ct)
    {
        var request = new LoadStageRequest { StageId = stage.Id, Model = Google.Protobuf.ByteString.CopyFrom(stage.Model) };
        request.Inputs.Add(stage.Inputs);
        request.Outputs.Add(stage.Outputs);
        return await Stages.LoadStageAsync(request, cancellationToken: ct);
    }

    /// <summary>Frees the stage (best effort: a server that is gone has nothing left to free).</summary>
    public async Task UnloadAsync(string stageId)
    {
        try
        {
            await Stages.UnloadStageAsync(new UnloadStageRequest { StageId = stageId }, deadline: DateTime.UtcNow.AddSeconds(10));
        }
        catch (RpcException)
        {
        }
    }

    /// <summary>One frame through the device's session; the reply and the silo that answered it (and whether from memory).</summary>
    public async Task<(InferReply Reply, string Silo, bool Repeated)> InferAsync(InferRequest request, TimeSpan timeout, CancellationToken ct) =>
        await InferAsync(request, headers, timeout, ct);

    /// <summary>A frame under another session (the pre-load's warm-up), so the device's own session never sees it.</summary>
    public async Task InferAsScratchAsync(InferRequest request, string scratchDevice, TimeSpan timeout, CancellationToken ct) =>
        await InferAsync(request, new Metadata { { SessionRoutingService.DeviceHeader, scratchDevice } }, timeout, ct);

    public async Task<HandoverReply> HandoverAsync(string device, string stageId, TimeSpan timeout, CancellationToken ct) =>
        await new EdgeSessionService.EdgeSessionServiceClient(channel).HandoverAsync(
            new HandoverRequest { Device = device, StageIds = { stageId } }, deadline: DateTime.UtcNow + timeout, cancellationToken: ct);

    private async Task<(InferReply, string, bool)> InferAsync(InferRequest request, Metadata with, TimeSpan timeout, CancellationToken ct)
    {
        using var call = Stages.InferAsync(request, with, DateTime.UtcNow + timeout, ct);
        var reply = await call.ResponseAsync;
        var answered = await call.ResponseHeadersAsync;
        return (reply, answered.GetValue(SessionRoutingService.SiloHeader) ?? Node, answered.GetValue(SessionRoutingService.RepeatedHeader) == "true");
    }

    public void Dispose() => channel.Dispose();
}

using System.Collections.Concurrent;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Verge.Cluster.Sessions;
using Verge.Net.Protos;

namespace Verge.Cluster.Edge;

/// <summary>
/// A session's frame work on the silo it lives on: the frame (an InferRequest) runs on this edge server's own stage
/// node, so the stages a device loaded on every edge server are used wherever its session is. Calls carry the
/// device's own bearer header: the node checks the same tokens, roles and stage owners as a plain `verge serve`.
/// </summary>
internal sealed class LocalStageComputer(string nodeUrl) : IFrameComputer, IDisposable
{
    public const string AuthorizationHeader = "authorization";

    private readonly GrpcChannel channel = GrpcChannel.ForAddress(nodeUrl, new GrpcChannelOptions
    {
        MaxReceiveMessageSize = Net.Client.NodeClient.MaxMessageBytes,
        MaxSendMessageSize = Net.Client.NodeClient.MaxMessageBytes,
    });

    private readonly ConcurrentDictionary<string, byte> loaded = new(StringComparer.Ordinal);

    public StageService.StageServiceClient Node => new(channel);

    /// <summary>Whether a stage of this id was loaded here (a handover waits for the device's pre-load).</summary>
    public bool Holds(string stageId) => loaded.ContainsKey(stageId);

    public async Task<LoadStageReply> LoadAsync(LoadStageRequest request, string? authorization, CancellationToken ct)
    {
        var reply = await Node.LoadStageAsync(request, Headers(authorization), cancellationToken: ct);
        loaded[reply.StageId] = 0;
        return reply;
    }

    public async Task<UnloadStageReply> UnloadAsync(UnloadStageRequest request, string? authorization, CancellationToken ct)
    {
        var reply = await Node.UnloadStageAsync(request, Headers(authorization), cancellationToken: ct);
        loaded.TryRemove(request.StageId, out _);
        return reply;
    }

    public async ValueTask<byte[]> ComputeAsync(string deviceId, FrameRequest frame, CancellationToken cancellationToken)
    {
        var request = InferRequest.Parser.ParseFrom(frame.Input);
        var reply = await Node.InferAsync(request, Headers(frame.Authorization), cancellationToken: cancellationToken);
        return reply.ToByteArray();
    }

    public static Metadata? Headers(string? authorization) =>
        string.IsNullOrEmpty(authorization) ? null : new Metadata { { AuthorizationHeader, authorization } };

    public void Dispose() => channel.Dispose();
}

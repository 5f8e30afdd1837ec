using Google.Protobuf;
using Grpc.Net.Client;
using Verge.Cluster.Sessions;
using Verge.Net.Protos;

namespace Verge.Cluster.Edge;

/// <summary>
/// A session's frame work on the silo it lives on: the frame (an InferRequest) runs on this edge server's own stage
/// node, so the stages a device loaded on every edge server are used wherever its session is.
/// </summary>
internal sealed class LocalStageComputer(string nodeUrl) : IFrameComputer, IDisposable
{
    private readonly GrpcChannel channel = GrpcChannel.ForAddress(nodeUrl, new GrpcChannelOptions
    {
        MaxReceiveMessageSize = Net.Client.NodeClient.MaxMessageBytes,
        MaxSendMessageSize = Net.Client.NodeClient.MaxMessageBytes,
    });

    public StageService.StageServiceClient Node => new(channel);

    public async ValueTask<byte[]> ComputeAsync(string deviceId, long frameId, byte[] input, CancellationToken cancellationToken)
    {
        var request = InferRequest.Parser.ParseFrom(input);
        var reply = await Node.InferAsync(request, cancellationToken: cancellationToken);
        return reply.ToByteArray();
    }

    public void Dispose() => channel.Dispose();
}

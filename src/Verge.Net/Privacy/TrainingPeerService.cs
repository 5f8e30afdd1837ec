using Grpc.Core;
using Verge.Core.Errors;
using Verge.Net.Privacy.Protos;

namespace Verge.Net.Privacy;

/// <summary>Server 1's gRPC face for two-server training: one session with server 0, then <see cref="TrainingPartyOptions.Done"/>.</summary>
public sealed class TrainingPeerService(TrainingPartyOptions options) : TwoPartyPeer.TwoPartyPeerBase
{
    public override async Task Exchange(IAsyncStreamReader<PartyMessage> requestStream, IServerStreamWriter<PartyMessage> responseStream,
        ServerCallContext context)
    {
        try
        {
            options.Done.TrySetResult(await TrainingParty.RunServer1Async(options, requestStream, responseStream, context.CancellationToken));
        }
        catch (VergeException e)
        {
            options.Done.TrySetException(e);
            throw new RpcException(new Status(StatusCode.Aborted, e.Message));
        }
    }
}

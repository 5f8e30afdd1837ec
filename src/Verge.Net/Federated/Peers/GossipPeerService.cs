using Google.Protobuf;
using Grpc.Core;
using Verge.Learning.Federated.Codecs;
using Verge.Net.Federated.Peers.Protos;
using Verge.Net.Security;

namespace Verge.Net.Federated.Peers;

/// <summary>The gRPC face of a <see cref="GossipPeerState"/>: checks every message, then hands it on; no logic of its own.</summary>
internal sealed class GossipPeerService(GossipPeerState state, GossipPeerOptions options) : Protos.GossipPeer.GossipPeerBase
{
    public override Task<HelloReply> Hello(HelloRequest request, ServerCallContext context)
    {
        var from = request.From ?? throw Invalid("hello names no peer; send from = {peer_id, url}");
        if (from.PeerId < 0 || from.PeerId >= options.Peers || from.PeerId == state.PeerId)
            throw Invalid($"peer id {from.PeerId} is not another peer's id in 0..{options.Peers - 1}");
        try
        {
            ClientSecurity.CheckUrl(from.Url, "peer url");
        }
        catch (ArgumentException e)
        {
            throw Invalid(e.Message);
        }
        if (request.Model != options.Model)
            throw new RpcException(new Status(StatusCode.FailedPrecondition,
                $"peer {state.PeerId} trains {options.Model}, peer {from.PeerId} {request.Model}; start every peer with the same --model"));
        state.Learn(from.PeerId, from.Url);
        var reply = new HelloReply { PeerId = state.PeerId };
        foreach (var (id, url) in state.Members()) reply.Peers.Add(new PeerAddress { PeerId = id, Url = url });
        return Task.FromResult(reply);
    }

    public override Task<ExchangeReply> Exchange(ExchangeRequest request, ServerCallContext context)
    {
        if (request.PeerId < 0 || request.PeerId >= options.Peers || request.PeerId == state.PeerId)
            throw Invalid($"peer id {request.PeerId} is not another peer's id in 0..{options.Peers - 1}");
        var theirs = Weights(request.Weights.Span, state.Length) is { } w ? w
            : throw Invalid($"peer {request.PeerId} sent weights that are not {state.Length} finite fp32 values; send the whole model as an fp32 payload");
        var (before, finished) = state.Absorb(theirs);
        return Task.FromResult(new ExchangeReply { PeerId = state.PeerId, Weights = ByteString.CopyFrom(new Fp32Codec().Encode(before)), Finished = finished });
    }

    /// <summary>The weights in a payload if it holds exactly <paramref name="length"/> finite values; null otherwise.</summary>
    internal static float[]? Weights(ReadOnlySpan<byte> payload, int length)
    {
        float[] values;
        try
        {
            values = UpdateCodec.Decode(payload);
        }
        catch (FormatException)
        {
            return null;
        }
        if (values.Length != length) return null;
        foreach (var v in values)
            if (!float.IsFinite(v)) return null;
        return values;
    }

    private static RpcException Invalid(string detail) => new(new Status(StatusCode.InvalidArgument, detail));
}

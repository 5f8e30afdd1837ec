using Google.Protobuf;
using Grpc.Core;
using Verge.Inference.Privacy.TwoParty;
using Verge.Net.Privacy.Protos;

namespace Verge.Net.Privacy;

/// <summary>The dealer process's gRPC face: answers each party's request for a batch's triples (<see cref="Dealer"/>).</summary>
public sealed class DealerService(Dealer dealer) : TripleDealer.TripleDealerBase
{
    /// <summary>The largest triple array served (2^27 words, 1 GiB): a bound against requests that would exhaust memory.</summary>
    private const long MaxWords = 1L << 27;

    public override async Task Triples(TripleRequest request, IServerStreamWriter<PartyMessage> responseStream, ServerCallContext context)
    {
        if (request.Party is not (0 or 1))
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"party {request.Party} is neither 0 nor 1"));
        var specs = new List<TripleSpec>();
        foreach (var s in request.Shapes)
        {
            if (!Enum.IsDefined((TripleKind)s.Kind) || s.M <= 0 || s.K <= 0 || s.N <= 0 || (long)s.M * s.K > MaxWords || (long)s.K * s.N > MaxWords || (long)s.M * s.N > MaxWords)
                throw new RpcException(new Status(StatusCode.InvalidArgument, $"triple shape {s.Kind} {s.M}x{s.K}x{s.N} is not one the dealer serves"));
            specs.Add(new TripleSpec((TripleKind)s.Kind, s.M, s.K, s.N));
        }
        foreach (var t in dealer.Generate(request.Session, request.Batch, specs, request.Party))
        {
            var bytes = new byte[(t.A.Length + t.B.Length + t.C.Length) * sizeof(ulong)];
            Ring.ToBytes(t.A).CopyTo(bytes, 0);
            Ring.ToBytes(t.B).CopyTo(bytes, t.A.Length * sizeof(ulong));
            Ring.ToBytes(t.C).CopyTo(bytes, (t.A.Length + t.B.Length) * sizeof(ulong));
            await responseStream.WriteAsync(new PartyMessage { Data = UnsafeByteOperations.UnsafeWrap(bytes) }, context.CancellationToken);
        }
    }
}

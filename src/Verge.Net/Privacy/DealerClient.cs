using Grpc.Core;
using Grpc.Net.Client;
using Verge.Core.Errors;
using Verge.Inference.Privacy.TwoParty;
using Verge.Net.Security;
using Verge.Net.Privacy.Protos;

namespace Verge.Net.Privacy;

/// <summary>A party's connection to the dealer: fetches one batch's triples and counts the offline bytes.</summary>
public sealed class DealerClient : IDisposable
{
    private readonly GrpcChannel _channel;
    private readonly TripleDealer.TripleDealerClient _client;

    public DealerClient(string url, ClientSecurity? security = null)
    {
        _channel = PartyChannel.Open(url, security);
        _client = new TripleDealer.TripleDealerClient(_channel);
    }

    public long BytesReceived { get; private set; }

    public async Task<List<Triple>> FetchAsync(ulong session, int batch, int party, IReadOnlyList<TripleSpec> specs, CancellationToken ct)
    {
        var request = new TripleRequest { Session = session, Batch = batch, Party = party };
        request.Shapes.AddRange(specs.Select(s => new TripleShape { Kind = (int)s.Kind, M = s.M, K = s.K, N = s.N }));
        var triples = new List<Triple>(specs.Count);
        try
        {
            using var call = _client.Triples(request, cancellationToken: ct);
            while (await call.ResponseStream.MoveNext(ct))
            {
                var data = call.ResponseStream.Current.Data;
                BytesReceived += data.Length;
                if (triples.Count >= specs.Count || data.Length != specs[triples.Count].Words * sizeof(ulong))
                    throw new InputException($"the dealer sent a triple of {data.Length} bytes where triple {triples.Count} needs " +
                                             $"{(triples.Count < specs.Count ? specs[triples.Count].Words * sizeof(ulong) : 0)}; it is faulty: stopped without an answer");
                var s = specs[triples.Count];
                var words = Ring.FromBytes(data.Span);
                triples.Add(new Triple(words[..s.SizeA], words[s.SizeA..(s.SizeA + s.SizeB)], words[(s.SizeA + s.SizeB)..]));
            }
        }
        catch (RpcException e) when (!ct.IsCancellationRequested)
        {
            throw new InputException($"the dealer failed for batch {batch}: {e.StatusCode}: {e.Status.Detail}; no answer (check the dealer and retry)", e);
        }
        if (triples.Count != specs.Count)
            throw new InputException($"the dealer sent {triples.Count} triples for batch {batch} where {specs.Count} were asked; no answer (check the dealer and retry)");
        return triples;
    }

    public void Dispose() => _channel.Dispose();
}

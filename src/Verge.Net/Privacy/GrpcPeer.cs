using Google.Protobuf;
using Grpc.Core;
using Verge.Core.Errors;
using Verge.Inference.Privacy.TwoParty;
using Verge.Net.Privacy.Protos;

namespace Verge.Net.Privacy;

/// <summary>
/// The other party behind one bidirectional gRPC stream: each round writes this side's message and reads the
/// peer's at the same time. A stream that ends or fails mid-protocol is an input error naming the step, so a
/// dead peer stops the run with one line and never with a partial answer.
/// </summary>
public sealed class GrpcPeer(IAsyncStreamReader<PartyMessage> reader, IAsyncStreamWriter<PartyMessage> writer, string peerName) : IPeer
{
    public long BytesSent { get; private set; }
    public long BytesReceived { get; private set; }
    public int Rounds { get; private set; }

    public async Task<ulong[]> ExchangeAsync(ulong[] mine, string step, CancellationToken ct)
    {
        var message = new PartyMessage { Data = UnsafeByteOperations.UnsafeWrap(Ring.ToBytes(mine)) };
        var send = SendAsync(message, step);
        var theirs = await ReceiveAsync(step, ct);
        await send;
        Rounds++;
        BytesSent += message.Data.Length;
        BytesReceived += theirs.Data.Length;
        if (theirs.Data.Length % sizeof(ulong) != 0)
            throw new InputException($"the {peerName} sent {theirs.Data.Length} bytes at {step}, not whole ring elements; it is faulty: stopped without an answer");
        return Ring.FromBytes(theirs.Data.Span);
    }

    public async Task SendAsync(PartyMessage message, string step)
    {
        try
        {
            await writer.WriteAsync(message);
        }
        catch (Exception e) when (e is RpcException or InvalidOperationException or IOException)
        {
            throw Lost(step, e);
        }
    }

    public async Task<PartyMessage> ReceiveAsync(string step, CancellationToken ct)
    {
        try
        {
            if (await reader.MoveNext(ct)) return reader.Current;
        }
        catch (Exception e) when (e is RpcException or IOException && !ct.IsCancellationRequested)
        {
            throw Lost(step, e);
        }
        throw new InputException($"the {peerName} closed the connection at {step}; it stopped mid-protocol: no answer (restart it and retry)");
    }

    private InputException Lost(string step, Exception e) =>
        new($"the {peerName} failed at {step}: {(e is RpcException r ? $"{r.StatusCode}: {r.Status.Detail}" : e.Message)}; no answer (check the {peerName} and retry)", e);
}

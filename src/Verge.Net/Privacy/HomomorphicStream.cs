using System.Numerics;
using Google.Protobuf;
using Verge.Inference.Privacy.Homomorphic;
using Verge.Net.Privacy.Protos;

namespace Verge.Net.Privacy;

/// <summary>Ciphertext arrays over a <see cref="GrpcPeer"/>'s stream, with the bytes and messages counted and every received array checked.</summary>
internal sealed class HomomorphicStream(GrpcPeer peer, PaillierPublicKey key, string peerName)
{
    public long BytesSent { get; private set; }
    public long BytesReceived { get; private set; }
    public int Messages { get; private set; }

    public async Task SendAsync(BigInteger[] ciphertexts, string step)
    {
        var bytes = key.ToBytes(ciphertexts);
        await peer.SendAsync(new PartyMessage { Data = UnsafeByteOperations.UnsafeWrap(bytes) }, step);
        BytesSent += bytes.Length;
        Messages++;
    }

    /// <summary>Exactly <paramref name="count"/> valid ciphertexts, or an input error naming the peer and the step.</summary>
    public async Task<BigInteger[]> ReceiveAsync(int count, string step, CancellationToken ct)
    {
        var message = await peer.ReceiveAsync(step, ct);
        BytesReceived += message.Data.Length;
        Messages++;
        return key.FromBytes(message.Data.Span, count, peerName, step);
    }
}

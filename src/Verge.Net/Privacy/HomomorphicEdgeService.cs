using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using Grpc.Core;
using Verge.Core.Errors;
using Verge.Inference.Privacy.Homomorphic;
using Verge.Net.Privacy.Protos;

namespace Verge.Net.Privacy;

/// <summary>
/// The edge party of homomorphic inference: it holds the MLP's weights, takes the device's public key from the hello,
/// and per pack of frames evaluates every linear layer on the device's ciphertexts (<see cref="HomomorphicEdge"/>),
/// sending masked hidden layers for the device's ReLU and, last, the logits' ciphertexts. It can decrypt nothing.
/// </summary>
public sealed class HomomorphicEdgeService(HomomorphicEdgeOptions options) : HomomorphicPeer.HomomorphicPeerBase
{
    public override Task Exchange(IAsyncStreamReader<PartyMessage> requestStream, IServerStreamWriter<PartyMessage> responseStream,
        ServerCallContext context) =>
        EdgePartySession.RunAsync(requestStream, responseStream, context, options.Log, Parse, async (grpcPeer, session, ct) =>
        {
            var model = options.Model;
            var (hello, key) = session;
            var stream = new HomomorphicStream(grpcPeer, key, "device party");
            var edge = new HomomorphicEdge(key, model, options.Random);
            var watch = Stopwatch.StartNew();
            int sent = 0;
            foreach (var (index, size) in hello.Packs())
            {
                var c = await stream.ReceiveAsync(model.InputSize, $"input ciphertexts of pack {index}", ct);
                for (int l = 0; l < model.Layers.Count; l++)
                {
                    c = edge.Linear(l, c, size);
                    if (l == model.Layers.Count - 1) break;
                    var (masked, state) = edge.Mask(c);
                    await SendAsync(stream, masked, ++sent, $"masked layer {model.Layers[l].Name}");
                    c = edge.Unmask(await stream.ReceiveAsync(masked.Length, $"ReLU of layer {model.Layers[l].Name}", ct), state);
                }
                await SendAsync(stream, edge.Finish(c), ++sent, "logits");
            }
            options.Log($"session: {hello.Frames} frames under a {key.Bits}-bit key in {watch.Elapsed.TotalSeconds:F1} s, " +
                        $"{(stream.BytesSent + stream.BytesReceived) / 1e6:F1} MB with the device");
        });

    private async Task SendAsync(HomomorphicStream stream, BigInteger[] ciphertexts, int round, string step)
    {
        if (round == options.FaultRound)
        {
            switch (options.Fault)
            {
                case PartyFault.Die:
                    Environment.Exit(1);
                    break;
                case PartyFault.ShortShare:
                    ciphertexts = ciphertexts[..^1];
                    break;
                case HomomorphicEdgeOptions.BadCiphertext:
                    ciphertexts = [.. ciphertexts];
                    ciphertexts[0] = BigInteger.Zero;
                    break;
            }
        }
        await stream.SendAsync(ciphertexts, step);
    }

    private (HomomorphicHello Hello, PaillierPublicKey Key) Parse(string text)
    {
        var hello = EdgePartySession.Deserialize<HomomorphicHello>(text);
        if (hello is null || hello.Frames is <= 0 or > 1_000_000 || hello.Pack <= 0
            || !BigInteger.TryParse(hello.Modulus, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var n) || n.Sign <= 0)
            throw new InputException("the device party's hello is not a homomorphic session (fingerprint, modulus, frames, pack): it runs another version");
        EdgePartySession.RequireSameModel(hello.Fingerprint, options.Model.Fingerprint, options.Model.Source);
        var key = new PaillierPublicKey(n);
        if (key.Bits is < HomomorphicHello.MinKeyBits or > HomomorphicHello.MaxKeyBits)
            throw new InputException($"the device party's key has {key.Bits} bits; the edge takes {HomomorphicHello.MinKeyBits}..{HomomorphicHello.MaxKeyBits}");
        if (hello.Pack > options.Model.Slots(key.Bits))
            throw new InputException($"the device party packs {hello.Pack} frames per ciphertext where a {key.Bits}-bit key holds {options.Model.Slots(key.Bits)}; it runs another version");
        return (hello, key);
    }
}

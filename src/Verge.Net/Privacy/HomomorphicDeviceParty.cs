using System.Diagnostics;
using System.Numerics;
using System.Text.Json;
using Verge.Core.Errors;
using Verge.Inference.Privacy.Homomorphic;
using Verge.Inference.Privacy.Randomness;
using Verge.Net.Privacy.Protos;
using Verge.Net.Security;

namespace Verge.Net.Privacy;

/// <summary>
/// The device party of homomorphic inference: it makes a Paillier key pair, sends the public key, and per pack of
/// frames sends its encrypted inputs, answers each masked hidden layer with Enc(ReLU(·)) and decrypts the logits.
/// Offline time is key generation plus each pack's encryption randomness (rⁿ, made before the pack's frames are
/// used); online time is encrypting, exchanging, the ReLU round trips and decrypting. The key's primes come from
/// <c>keySource</c>, the encryptions' randomness from <c>random</c>.
/// </summary>
public static class HomomorphicDeviceParty
{
    public sealed record Result(float[] Logits, long BytesOnline, long BytesSetup, double MsOnline, double MsOffline, int Rounds, int KeyBits, int Pack);

    public static async Task<Result> RunAsync(HomomorphicModel model, int keyBits, string edgeUrl, float[] frames, int count,
        ClientSecurity? security, IRandomSource keySource, IRandomSource random, CancellationToken ct)
    {
        if (keyBits is < HomomorphicHello.MinKeyBits or > HomomorphicHello.MaxKeyBits || keyBits % 2 != 0)
            throw new UsageException($"--key-bits must be even, {HomomorphicHello.MinKeyBits}..{HomomorphicHello.MaxKeyBits}");
        int pack = model.Slots(keyBits);
        if (pack < 1)
            throw new UsageException($"a {keyBits}-bit key cannot hold one {model.SlotBits}-bit slot of '{model.Source}'; give --key-bits {model.SlotBits + 2} or more");
        var offline = Stopwatch.StartNew();
        var keys = PaillierKeyPair.Generate(keyBits, keySource);
        offline.Stop();
        var hello = new HomomorphicHello(model.Fingerprint, keys.Public.N.ToString("x"), count, pack);
        using var channel = PartyChannel.Open(edgeUrl, security);
        using var call = new HomomorphicPeer.HomomorphicPeerClient(channel).Exchange(cancellationToken: ct);
        var peer = new GrpcPeer(call.ResponseStream, call.RequestStream, "edge party");
        var helloText = JsonSerializer.Serialize(hello);
        await peer.SendAsync(new PartyMessage { Hello = helloText }, "hello");
        if ((await peer.ReceiveAsync("hello", ct)).Hello != "ok")
            throw new InputException("the edge party did not answer the hello; it runs another version");
        var stream = new HomomorphicStream(peer, keys.Public, "edge party");
        var device = new HomomorphicDevice(keys, model, random);
        var logits = new float[count * model.OutputSize];
        var online = new Stopwatch();
        foreach (var (index, size) in hello.Packs())
        {
            offline.Start();
            var randomizers = new Queue<BigInteger>(device.Randomizers(device.EncryptionsPerPack));
            offline.Stop();
            online.Start();
            var c = device.EncryptInputs(frames.AsSpan(index * pack * model.InputSize, size * model.InputSize), size, randomizers);
            await stream.SendAsync(c, $"input ciphertexts of pack {index}");
            for (int l = 0; l < model.Layers.Count - 1; l++)
            {
                var masked = await stream.ReceiveAsync(model.Layers[l].N, $"masked layer {model.Layers[l].Name}", ct);
                await stream.SendAsync(device.Relu(masked, size, randomizers), $"ReLU of layer {model.Layers[l].Name}");
            }
            var result = device.DecryptLogits(await stream.ReceiveAsync(model.OutputSize, "logits", ct), size);
            for (int b = 0; b < size; b++)
                for (int j = 0; j < model.OutputSize; j++)
                    logits[(index * pack + b) * model.OutputSize + j] = (float)model.Decode(result[b][j]);
            online.Stop();
        }
        long setup = System.Text.Encoding.UTF8.GetByteCount(helloText) + 2;
        return new Result(logits, stream.BytesSent + stream.BytesReceived, setup, online.Elapsed.TotalMilliseconds, offline.Elapsed.TotalMilliseconds,
            stream.Messages, keyBits, pack);
    }
}

using System.Diagnostics;
using System.Text.Json;
using Verge.Core.Errors;
using Verge.Inference.Privacy.Randomness;
using Verge.Inference.Privacy.TwoParty;
using Verge.Net.Security;
using Verge.Net.Privacy.Protos;

namespace Verge.Net.Privacy;

/// <summary>
/// The device party (party 0) of two-party inference: it holds the input, secret-shares it with the edge, runs the
/// layers on shares against the edge's, and alone reconstructs the logits. It knows the architecture, never the
/// weights (it holds uniform shares of them). Offline (dealer) and online (edge) costs are measured apart. Its
/// session id and input masks come from <c>random</c> (the OS generator unless a party seed is given).
/// </summary>
public static class DeviceParty
{
    public sealed record Result(float[] Logits, long BytesOnline, long BytesSetup, long BytesOffline, double MsOnline, double MsOffline, int Rounds);

    /// <param name="layers">The public architecture; <paramref name="linear"/> gives each linear layer's K×N.</param>
    public static async Task<Result> RunAsync(SecureModel architecture, string edgeUrl, string dealerUrl, float[] frames, int count, int batch,
        ClientSecurity? security, IRandomSource random, CancellationToken ct)
    {
        int inputSize = architecture.InputSize, outputSize = architecture.OutputSize;
        var hello = new SessionHello(architecture.Fingerprint, random.NextUInt64(), count, batch);
        var linear = architecture.Weights.Select(w => (w.K, w.N)).ToList();
        using var channel = PartyChannel.Open(edgeUrl, security);
        using var dealer = new DealerClient(dealerUrl, security);
        using var call = new TwoPartyPeer.TwoPartyPeerClient(channel).Exchange(cancellationToken: ct);
        var peer = new GrpcPeer(call.ResponseStream, call.RequestStream, "edge party");
        var party = new Party(0, peer, "edge party");
        await peer.SendAsync(new PartyMessage { Hello = JsonSerializer.Serialize(hello) }, "hello");
        if ((await peer.ReceiveAsync("hello", ct)).Hello != "ok")
            throw new InputException("the edge party did not answer the hello; it runs another version");
        var weightsFlat = await party.ExchangeAsync([], linear.Sum(l => l.K * l.N + l.N), "weight shares", ct);
        var weights = new List<SecureNetwork.WeightShares>();
        int at = 0;
        foreach (var (k, n) in linear)
        {
            weights.Add(new(weightsFlat[at..(at + k * n)], weightsFlat[(at + k * n)..(at + k * n + n)]));
            at += k * n + n;
        }
        long setup = peer.BytesSent + peer.BytesReceived;
        var logits = new float[count * outputSize];
        double msOnline = 0, msOffline = 0;
        foreach (var (index, size) in hello.Batches())
        {
            var watch = Stopwatch.StartNew();
            party.Supply(await dealer.FetchAsync(hello.Session, index, 0, SecureNetwork.Triples(architecture.Layers, linear, size).ToList(), ct));
            await party.ExchangeAsync([], 0, "offline barrier", ct);
            msOffline += watch.Elapsed.TotalMilliseconds;
            watch.Restart();
            // x = x_0 + x_1: the device keeps a uniform x_0 and sends x_1 = x − x_0.
            var x = Ring.Encode(frames.AsSpan(index * batch * inputSize, size * inputSize));
            var x0 = Prg.Uniform(x.Length, random);
            await party.ExchangeAsync(Ring.Sub(x, x0), 0, "input shares", ct);
            var y0 = await SecureNetwork.RunAsync(party, architecture.Layers, weights, x0, size, ct);
            var y1 = await party.ExchangeAsync([], y0.Length, "output shares", ct);
            Ring.Decode(Ring.Add(y0, y1)).CopyTo(logits, index * batch * outputSize);
            msOnline += watch.Elapsed.TotalMilliseconds;
        }
        if (party.TriplesLeft != 0) throw new InvalidOperationException($"{party.TriplesLeft} dealer triples left unused");
        // Both parties receive triples of the same sizes from the dealer (party 1's C is computed, not smaller).
        return new Result(logits, peer.BytesSent + peer.BytesReceived - setup, setup, 2 * dealer.BytesReceived, msOnline, msOffline, peer.Rounds);
    }
}

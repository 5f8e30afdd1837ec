using System.Diagnostics;
using Grpc.Core;
using Verge.Core.Errors;
using Verge.Inference.Privacy.Randomness;
using Verge.Inference.Privacy.TwoParty;
using Verge.Net.Privacy.Protos;

namespace Verge.Net.Privacy;

/// <summary>
/// The edge party (party 1) of two-party inference: it holds the model's weights, secret-shares them with the
/// device at the start of a session (CrypTen's model: both parties then hold shares of weights and input), fetches
/// its triples from the dealer batch by batch, runs the layers on shares and returns its share of the logits. It
/// learns neither the input nor the output.
/// </summary>
public sealed class EdgePartyService(EdgePartyOptions options) : TwoPartyPeer.TwoPartyPeerBase
{
    public override Task Exchange(IAsyncStreamReader<PartyMessage> requestStream, IServerStreamWriter<PartyMessage> responseStream,
        ServerCallContext context) =>
        EdgePartySession.RunAsync(requestStream, responseStream, context, options.Log, Parse, async (grpcPeer, hello, ct) =>
        {
            IPeer peer = options.Fault is { } fault ? new PartyFault(grpcPeer, fault, options.FaultRound) : grpcPeer;
            var party = new Party(1, peer, "device party");
            var model = options.Model;
            var weights = await ShareWeightsAsync(party, model, options.Random, ct);
            var linear = model.Weights.Select(w => (w.K, w.N)).ToList();
            using var dealer = new DealerClient(options.DealerUrl, options.Outbound);
            var watch = Stopwatch.StartNew();
            foreach (var (index, size) in hello.Batches())
            {
                party.Supply(await dealer.FetchAsync(hello.Session, index, 1, SecureNetwork.Triples(model.Layers, linear, size).ToList(), ct));
                await party.ExchangeAsync([], 0, "offline barrier", ct);
                var x = await party.ExchangeAsync([], size * model.InputSize, "input shares", ct);
                var y = await SecureNetwork.RunAsync(party, model.Layers, weights, x, size, ct);
                await party.ExchangeAsync(y, 0, "output shares", ct);
            }
            options.Log($"session {hello.Session:x16}: {hello.Frames} frames in {watch.Elapsed.TotalSeconds:F1} s, {peer.Rounds} rounds, " +
                        $"{(peer.BytesSent + peer.BytesReceived) / 1e6:F1} MB with the device, {dealer.BytesReceived / 1e6:F1} MB from the dealer");
        });

    private SessionHello Parse(string text)
    {
        var hello = EdgePartySession.Deserialize<SessionHello>(text);
        if (hello is null || hello.Frames <= 0 || hello.Batch is <= 0 or > SessionHello.MaxBatch)
            throw new InputException("the device party's hello is not a session (frames, batch 1..256): it runs another version");
        EdgePartySession.RequireSameModel(hello.Fingerprint, options.Model.Fingerprint, options.Model.Source);
        return hello;
    }

    /// <summary>Weights W become W_0 (uniform, sent to the device) and W_1 = W − W_0 (kept): one message for all layers.</summary>
    private static async Task<List<SecureNetwork.WeightShares>> ShareWeightsAsync(Party party, SecureModel model, IRandomSource random, CancellationToken ct)
    {
        var mine = new List<SecureNetwork.WeightShares>();
        var theirs = new List<ulong>();
        foreach (var w in model.Weights)
        {
            var (m0, b0) = (Prg.Uniform(w.Matrix.Length, random), Prg.Uniform(w.Bias.Length, random));
            mine.Add(new(Ring.Sub(Ring.Encode(w.Matrix), m0), Ring.Sub(Ring.Encode(w.Bias), b0)));
            theirs.AddRange(m0);
            theirs.AddRange(b0);
        }
        await party.ExchangeAsync([.. theirs], 0, "weight shares", ct);
        return mine;
    }
}

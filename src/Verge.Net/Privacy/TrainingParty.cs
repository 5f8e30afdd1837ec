using System.Diagnostics;
using System.Text.Json;
using Grpc.Core;
using Verge.Core.Errors;
using Verge.Inference.Privacy.Randomness;
using Verge.Inference.Privacy.TwoParty;
using Verge.Learning.Privacy.SecureMl;
using Verge.Net.Security;
using Verge.Net.Privacy.Protos;

namespace Verge.Net.Privacy;

/// <summary>
/// One of SecureML's two non-colluding servers: it holds a share of the training set, trains on shares with its
/// peer over one gRPC stream (server 1 listens, server 0 connects) and triples from the dealer, and ends with its
/// share of the weights. Neither server sees a row, a label or a weight in clear.
/// </summary>
public static class TrainingParty
{
    public sealed record Outcome(ulong[] Weights, long BytesPeer, long BytesDealer, double MsOnline, double MsOffline, int Rounds);

    /// <summary>What both servers must agree on before they start (public hyperparameters and data shape).</summary>
    public static string Fingerprint(SecureMlOptions o, int rows, int d) => $"{o} rows={rows} d={d}";

    /// <summary>Server 0: connects to server 1 at <paramref name="peerUrl"/> and trains; it draws the session id (from a party seed only in tests and papers).</summary>
    public static async Task<Outcome> RunServer0Async(SecureMlOptions o, string sharePath, string peerUrl, string dealerUrl, ClientSecurity? security,
        int? partySeed, CancellationToken ct)
    {
        var (rows, d, x, y) = ShareFile.Read(sharePath);
        using var channel = PartyChannel.Open(peerUrl, security);
        using var call = new TwoPartyPeer.TwoPartyPeerClient(channel).Exchange(cancellationToken: ct);
        var peer = new GrpcPeer(call.ResponseStream, call.RequestStream, "other server");
        ulong session;
        using (var random = RandomSource.For(partySeed, "trainer 0", Fingerprint(o, rows, d))) session = random.NextUInt64();
        await peer.SendAsync(new PartyMessage { Hello = JsonSerializer.Serialize(new SessionHello(Fingerprint(o, rows, d), session, rows, 1)) }, "hello");
        if ((await peer.ReceiveAsync("hello", ct)).Hello != "ok") throw new InputException("the other server did not answer the hello; it runs another version");
        return await TrainAsync(new Party(0, peer, "other server"), peer, o, session, x, y, rows, d, dealerUrl, security, ct);
    }

    /// <summary>Server 1's side of one session, behind <see cref="TrainingPeerService"/>.</summary>
    internal static async Task<Outcome> RunServer1Async(TrainingPartyOptions options, IAsyncStreamReader<PartyMessage> reader,
        IAsyncStreamWriter<PartyMessage> writer, CancellationToken ct)
    {
        var (rows, d, x, y) = ShareFile.Read(options.SharePath);
        var peer = new GrpcPeer(reader, writer, "other server");
        var hello = JsonSerializer.Deserialize<SessionHello>((await peer.ReceiveAsync("hello", ct)).Hello);
        if (hello?.Fingerprint != Fingerprint(options.Training, rows, d))
            throw new InputException("the other server trains another model or data shape; give both servers the same flags and share files of one split");
        await peer.SendAsync(new PartyMessage { Hello = "ok" }, "hello");
        IPeer faulty = options.Fault is { } fault ? new PartyFault(peer, fault, options.FaultRound) : peer;
        return await TrainAsync(new Party(1, faulty, "other server"), peer, options.Training, hello.Session, x, y, rows, d, options.DealerUrl, options.Outbound, ct);
    }

    private static async Task<Outcome> TrainAsync(Party party, GrpcPeer peer, SecureMlOptions o, ulong session, ulong[] x, ulong[] y, int rows, int d,
        string dealerUrl, ClientSecurity? security, CancellationToken ct)
    {
        using var dealer = new DealerClient(dealerUrl, security);
        var offline = new Stopwatch();
        var total = Stopwatch.StartNew();
        var weights = await SecureMlTrainer.TrainAsync(party, o, x, y, rows, d, async (step, specs) =>
        {
            offline.Start();
            party.Supply(await dealer.FetchAsync(session, step, party.Index, specs, ct));
            await party.ExchangeAsync([], 0, "offline barrier", ct);
            offline.Stop();
        }, ct);
        return new Outcome(weights, peer.BytesSent + peer.BytesReceived, dealer.BytesReceived,
            total.Elapsed.TotalMilliseconds - offline.Elapsed.TotalMilliseconds, offline.Elapsed.TotalMilliseconds, peer.Rounds);
    }
}

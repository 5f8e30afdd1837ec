using System.Threading.Channels;
using Verge.Inference.Privacy.Randomness;
using Verge.Inference.Privacy.TwoParty;

namespace Verge.Inference.Tests.Privacy;

/// <summary>Two parties in one process joined by channels (the protocol's math without sockets); records what each sends.</summary>
internal sealed class LocalPeers
{
    private sealed class Peer(Channel<ulong[]> outbox, Channel<ulong[]> inbox) : IPeer
    {
        public List<ulong[]> Sent { get; } = [];
        public long BytesSent { get; private set; }
        public long BytesReceived { get; private set; }
        public int Rounds { get; private set; }

        public async Task<ulong[]> ExchangeAsync(ulong[] mine, string step, CancellationToken ct)
        {
            Sent.Add(mine);
            await outbox.Writer.WriteAsync((ulong[])mine.Clone(), ct); // a copy, as a wire would deliver
            var theirs = await inbox.Reader.ReadAsync(ct);
            (BytesSent, BytesReceived, Rounds) = (BytesSent + 8L * mine.Length, BytesReceived + 8L * theirs.Length, Rounds + 1);
            return theirs;
        }
    }

    /// <param name="random">The dealer's key source (the OS generator unless a test seeds it).</param>
    public LocalPeers(IReadOnlyList<TripleSpec> specs, IRandomSource? random = null)
    {
        Channel<ulong[]> ab = Channel.CreateUnbounded<ulong[]>(), ba = Channel.CreateUnbounded<ulong[]>();
        var p0 = new Peer(ab, ba);
        var p1 = new Peer(ba, ab);
        Sent0 = p0.Sent;
        Party0 = new Party(0, p0, "party 1");
        Party1 = new Party(1, p1, "party 0");
        var dealer = new Dealer(Prg.NewKey(random ?? OsRandomSource.Instance));
        Party0.Supply(dealer.Generate(7, 0, specs, 0));
        Party1.Supply(dealer.Generate(7, 0, specs, 1));
    }

    public Party Party0 { get; }
    public Party Party1 { get; }
    /// <summary>Every message party 0 sent.</summary>
    public List<ulong[]> Sent0 { get; }

    /// <summary>Shares of <paramref name="x"/>: party 0's uniform, party 1's the rest.</summary>
    public static (ulong[] X0, ulong[] X1) Share(ulong[] x, IRandomSource? random = null)
    {
        var x0 = Prg.Uniform(x.Length, random ?? OsRandomSource.Instance);
        return (x0, Ring.Sub(x, x0));
    }

    /// <summary>Runs the same protocol on both parties at once and returns the reconstructed result.</summary>
    public static async Task<ulong[]> BothAsync(Func<Party, int, Task<ulong[]>> run, Party p0, Party p1)
    {
        var r = await Task.WhenAll(run(p0, 0), run(p1, 1));
        return Ring.Add(r[0], r[1]);
    }
}

using Verge.Learning.Federated.SecureAggregation;

namespace Verge.Learning.Tests.Federated.SecureAggregation;

/// <summary>The protocol's stages end to end in one process: exact sums, recovery of dropped clients, the clear abort.</summary>
public sealed class SecAggProtocolTests
{
    private const int Length = 5000;

    /// <summary>Runs one round; clients in <paramref name="dropAfterSharing"/> never send a masked vector.</summary>
    internal static (SecAggServer Server, float[] Sum, Dictionary<int, byte[]> Masked) Run(float[][] updates, SecAggOptions options,
        IReadOnlySet<int>? dropAfterSharing = null, int seed = 1)
    {
        var ids = Enumerable.Range(0, updates.Length).ToList();
        var clients = ids.ToDictionary(i => i, i => new SecAggClient(i, new Random(100 + i)));
        var server = new SecAggServer(options, round: 3, ids, Length, seed);
        Dictionary<int, byte[]> Ask(Dictionary<int, byte[]> requests) => requests.ToDictionary(kv => kv.Key, kv => clients[kv.Key].Handle(kv.Value));
        var shareRequests = server.ReceiveKeys(Ask(server.AdvertiseRequests()));
        var maskRequests = server.ReceiveShares(Ask(shareRequests));
        var masked = maskRequests.Where(kv => dropAfterSharing?.Contains(kv.Key) != true)
            .ToDictionary(kv => kv.Key, kv => clients[kv.Key].Mask(kv.Value, updates[kv.Key]));
        var unmask = server.ReceiveMasked(masked);
        var sum = server.ReceiveRevealed(Ask(unmask));
        foreach (var c in clients.Values) c.Dispose();
        return (server, sum, masked);
    }

    internal static float[][] Updates(int clients, int seed = 7)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, clients).Select(_ => Enumerable.Range(0, Length).Select(_ => (float)(random.NextDouble() * 0.08 - 0.04)).ToArray()).ToArray();
    }

    /// <summary>The plain sum of the same clients' quantised updates (same rounding streams), read back as floats.</summary>
    internal static float[] PlainQuantizedSum(float[][] updates, IEnumerable<int> who, FixedPointRing ring)
    {
        var sum = new uint[Length];
        foreach (int c in who)
        {
            var q = ring.Quantize(updates[c], new Random(100 + c));
            for (int i = 0; i < Length; i++) sum[i] += q[i];
        }
        return ring.Dequantize(sum);
    }

    [Theory]
    [InlineData(0, 8)]   // classic SecAgg: everyone is everyone's neighbour
    [InlineData(4, 16)]  // SecAgg+: 4 neighbours each
    public void AggregateEqualsThePlainQuantisedSumExactly(int neighbours, int valueBits)
    {
        var updates = Updates(10);
        var options = new SecAggOptions(Neighbours: neighbours, ValueBits: valueBits);
        var (server, sum, _) = Run(updates, options);
        Assert.Equal(Enumerable.Range(0, 10), server.Survivors);
        Assert.Equal(PlainQuantizedSum(updates, server.Survivors, server.Ring), sum);
        // And that is the real sum up to the quantisation step per client.
        double step = options.ClipRange / server.Ring.Levels;
        for (int i = 0; i < Length; i++) Assert.InRange(sum[i] - updates.Sum(u => u[i]), -10 * step - 1e-6, 10 * step + 1e-6);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(8)] // SecAgg+ with 8 of 9 possible neighbours: threshold 5 still holds with any 3 gone
    public void TenClientsWithThreeDroppingAfterKeySharingCompleteTheRound(int neighbours)
    {
        var updates = Updates(10);
        var dropped = new HashSet<int> { 2, 5, 9 };
        var (server, sum, _) = Run(updates, new SecAggOptions(Neighbours: neighbours), dropped);
        Assert.Equal(new[] { 0, 1, 3, 4, 6, 7, 8 }, server.Survivors);
        Assert.Equal(dropped.Order(), server.Recovered);
        Assert.Equal(PlainQuantizedSum(updates, server.Survivors, server.Ring), sum);
    }

    [Fact]
    public void TooManyDropsEndTheRoundWithOneClearLine()
    {
        var updates = Updates(10);
        // Ten clients, nine neighbours each: the threshold is 5, and only 4 survive.
        var e = Assert.Throws<SecureAggregationAbortedException>(() => Run(updates, new SecAggOptions(), new HashSet<int> { 0, 1, 2, 3, 4, 5 }));
        Assert.Equal("secure aggregation aborted in round 3: only 4 of 10 clients sent a masked update, fewer than the threshold 5; too many clients dropped",
            e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void TheServersViewOfOneClientIsNotItsUpdate()
    {
        var updates = Updates(10);
        var (server, _, masked) = Run(updates, new SecAggOptions(ValueBits: 8));
        var ring = server.Ring;
        for (int c = 0; c < 10; c++)
        {
            // What the server holds for client c, read back the way a plain quantised update would be.
            var seen = ring.Dequantize(ring.Unpack(SecAggWire.Decode<SecAggMessage.Masked>(masked[c]).Vector, Length));
            var plain = ring.Dequantize(ring.Quantize(updates[c], new Random(100 + c)));
            int equal = 0;
            for (int i = 0; i < Length; i++) if (seen[i] == plain[i]) equal++;
            // A uniform 12-bit ring value matches by chance once in 4096: allow a handful, never the update.
            Assert.True(equal < 20, $"client {c}: {equal} of {Length} values visible");
            Assert.InRange(Correlation(seen, plain), -0.05, 0.05);
            // The masked values fill the ring's whole range, far beyond the clipping range of real updates.
            Assert.True(seen.Max(v => Math.Abs(v)) > 10 * ring.ClipRange);
        }
    }

    [Fact]
    public void ParametersThatCannotBeSecureAreRefusedOnOneLine()
    {
        var e = Assert.Throws<Verge.Core.Errors.UsageException>(() => new SecAggOptions(Threshold: 3).Validate(10));
        Assert.Equal("--secagg-threshold 3 must be above half of the 9 neighbours and at most 9, i.e. 5..9", e.Message);
        Assert.Throws<Verge.Core.Errors.UsageException>(() => new SecAggOptions(ValueBits: 24).Validate(1000));
        Assert.Throws<Verge.Core.Errors.UsageException>(() => new SecAggOptions(ClipRange: 0).Validate(10));
        Assert.Throws<Verge.Core.Errors.UsageException>(() => new SecAggOptions().Validate(2));
    }

    private static double Correlation(float[] a, float[] b)
    {
        double ma = a.Average(), mb = b.Average(), sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return sab / Math.Sqrt(saa * sbb);
    }
}

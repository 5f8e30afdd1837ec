using System.Numerics;
using Verge.Inference.Privacy.Homomorphic;
using Verge.Inference.Privacy.Randomness;
using Verge.Inference.Privacy.TwoParty;

namespace Verge.Inference.Tests.Privacy;

/// <summary>
/// `--party-seed`'s sources: a seed makes every party's shares, keys and masks repeat exactly (even where they are
/// used inside parallel loops), another seed or another party or purpose gives other values, and no seed gives fresh
/// values on every run.
/// </summary>
public sealed class PartySeedTests
{
    private static byte[] Draw(IRandomSource random, int count)
    {
        var bytes = new byte[count];
        random.Fill(bytes);
        return bytes;
    }

    [Fact]
    public void AStreamRepeatsForItsSeedRoleAndPurposeOnly()
    {
        using var a = RandomSource.For(1, "edge", "weights");
        using var b = RandomSource.For(1, "edge", "weights");
        // Each draw takes whole AES blocks (the rest of a block is dropped): the same draws give the same bytes.
        var first = Draw(a, 5).Concat(Draw(a, 40)).ToArray();
        Assert.Equal(first, Draw(b, 5).Concat(Draw(b, 40)).ToArray());
        Assert.NotEqual(first[..5], first[5..10]);
        Assert.NotEqual(first, Draw(RandomSource.For(2, "edge", "weights"), 45));
        Assert.NotEqual(first, Draw(RandomSource.For(1, "device", "weights"), 45));
        Assert.NotEqual(first, Draw(RandomSource.For(1, "edge", "inputs"), 45));
        Assert.NotEqual(Draw(RandomSource.For(null, "edge", "weights"), 45), Draw(RandomSource.For(null, "edge", "weights"), 45));
        Assert.Same(OsRandomSource.Instance, RandomSource.For(null, "edge", "weights"));
    }

    /// <summary>Every message party 0 sends during a secure ReLU (its input share first), for one dealer key and input mask.</summary>
    private static async Task<List<ulong[]>> ReluMessagesAsync(int? seed)
    {
        const int n = 64;
        var x = Enumerable.Range(0, n).Select(i => Ring.Encode(i - 31.5)).ToArray();
        using var dealerKey = RandomSource.For(seed, "dealer", "test");
        using var device = RandomSource.For(seed, "device", "test");
        var peers = new LocalPeers([.. Party.ReluTriples(n)], dealerKey);
        var (x0, x1) = LocalPeers.Share(x, device);
        await LocalPeers.BothAsync((p, i) => p.ReluAsync(i == 0 ? x0 : x1, "relu", default), peers.Party0, peers.Party1);
        return [x1, .. peers.Sent0];
    }

    [Fact]
    public async Task TwoPartySharesRepeatWithTheSameSeedOnly()
    {
        var once = await ReluMessagesAsync(7);
        var again = await ReluMessagesAsync(7);
        Assert.Equal(once.Count, again.Count);
        for (int m = 0; m < once.Count; m++) Assert.Equal(once[m], again[m]);
        Assert.NotEqual(once[0], (await ReluMessagesAsync(8))[0]);
        Assert.NotEqual((await ReluMessagesAsync(null))[0], (await ReluMessagesAsync(null))[0]);
    }

    /// <summary>A 256-bit key (test size) and the edge's masked, shuffled, re-randomized hidden layer for a seed.</summary>
    private static (BigInteger N, BigInteger[] Masked) MaskedLayer(int? seed)
    {
        using var keySource = RandomSource.For(seed, "he device", "key");
        var keys = PaillierKeyPair.Generate(256, keySource);
        var model = HomomorphicModel.FromDense("test", "mlp", [("fc", new LinearWeights(2, 1, [1, 1], [0]), false)]);
        using var random = RandomSource.For(seed, "he edge", "masks");
        var edge = new HomomorphicEdge(keys.Public, model, random);
        using var encryption = RandomSource.For(seed, "he device", "encryption");
        var hidden = Enumerable.Range(0, 48).Select(i => keys.Encrypt(i - 24, encryption)).ToArray();
        return (keys.Public.N, edge.Mask(hidden).Masked);
    }

    [Fact]
    public void PaillierKeysAndMasksRepeatWithTheSameSeedOnly()
    {
        var (n, masked) = MaskedLayer(3);
        var (n2, masked2) = MaskedLayer(3);
        Assert.Equal(n, n2);
        Assert.Equal(masked, masked2);
        Assert.NotEqual(n, MaskedLayer(4).N);
        Assert.NotEqual(MaskedLayer(null).N, MaskedLayer(null).N);
    }
}

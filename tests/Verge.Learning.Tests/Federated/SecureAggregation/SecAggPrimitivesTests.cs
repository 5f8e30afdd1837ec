using System.Security.Cryptography;
using Verge.Learning.Federated.SecureAggregation;

namespace Verge.Learning.Tests.Federated.SecureAggregation;

/// <summary>Shamir, key agreement, masks and the fixed-point ring on their own.</summary>
public sealed class SecAggPrimitivesTests
{
    [Fact]
    public void AnyThresholdSharesRebuildTheSecretAndFewerDoNot()
    {
        var secret = RandomNumberGenerator.GetBytes(32);
        var shares = Shamir.Split(secret, 4, [1, 2, 3, 4, 5, 6, 7]);
        Assert.Equal(secret, Shamir.Combine([(7, shares[7]), (2, shares[2]), (5, shares[5]), (3, shares[3])], 4, 32));
        Assert.Equal(secret, Shamir.Combine(shares.Select(kv => (kv.Key, kv.Value)).Reverse().ToList(), 4, 32));
        // Three shares interpolate a degree-2 polynomial: a different secret.
        Assert.NotEqual(secret, Shamir.Combine([(1, shares[1]), (2, shares[2]), (3, shares[3])], 3, 32));
        Assert.Throws<ArgumentException>(() => Shamir.Combine([(1, shares[1])], 4, 32));
    }

    [Fact]
    public void BothSidesAgreeOnTheSameKeyAndARebuiltKeyAgreesToo()
    {
        using var a = AgreementKey.Create();
        using var b = AgreementKey.Create();
        Assert.Equal(a.Agree(b.PublicKey, "x"), b.Agree(a.PublicKey, "x"));
        Assert.NotEqual(a.Agree(b.PublicKey, "x"), a.Agree(b.PublicKey, "y"));
        using var rebuilt = AgreementKey.FromPrivate(a.PrivateScalar(), a.PublicKey);
        Assert.Equal(a.Agree(b.PublicKey, "x"), rebuilt.Agree(b.PublicKey, "x"));
        Assert.ThrowsAny<CryptographicException>(() => a.Agree(new byte[64], "x"));
    }

    [Fact]
    public void OppositeMasksCancelAndPackingRoundTrips()
    {
        var seed = RandomNumberGenerator.GetBytes(32);
        var v = new uint[1027];
        MaskStream.Apply(v, seed, +1);
        Assert.True(v.Count(x => x == 0) < 3);
        MaskStream.Apply(v, seed, -1);
        Assert.All(v, x => Assert.Equal(0u, x));

        var ring = new FixedPointRing(ValueBits: 8, Clients: 10, ClipRange: 1.0);
        Assert.Equal(12, ring.RingBits);
        var q = ring.Quantize([0.5f, -1f, 1f, 7f, -7f, 0f], new Random(1));
        Assert.Equal(q, ring.Unpack(ring.Pack(q), q.Length).Select(x => x | (x >= 2048 ? ~ring.RingMask : 0)).ToArray());
        Assert.Equal([-1f, 1f, 1f, -1f, 0f], ring.Dequantize(q)[1..]);
        Assert.Equal(9, ring.PackedBytes(6));
    }

    [Fact]
    public void NeighbourGraphsAreSymmetricAndOfTheAskedDegree()
    {
        var clients = Enumerable.Range(0, 20).Select(i => 3 * i).ToList();
        var graph = NeighbourGraph.Build(clients, 6, seed: 5);
        foreach (var (c, ns) in graph)
        {
            Assert.Equal(6, ns.Length);
            Assert.DoesNotContain(c, ns);
            Assert.All(ns, n => Assert.Contains(c, graph[n]));
        }
        Assert.All(NeighbourGraph.Build(clients, 0, 5).Values, ns => Assert.Equal(19, ns.Length));
    }
}

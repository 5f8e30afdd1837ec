using Verge.Inference.Privacy.Randomness;
using Verge.Inference.Privacy.TwoParty;

namespace Verge.Inference.Tests.Privacy;

/// <summary>The two-party protocols' math on shares, in one process: products, the secure comparison, and what a party sends.</summary>
public sealed class TwoPartyProtocolTests
{
    private static readonly double[] Values = [0, 1, -1, 0.5, -0.5, 1e-4, -1e-4, 3.25, -7.75, 1000, -1000, 30000, -30000, 2.5e-5, -2.5e-5];

    [Fact]
    public async Task ReluAndMaxAreExactOnShares()
    {
        var x = Values.Select(Ring.Encode).ToArray();
        var y = Values.Reverse().Select(Ring.Encode).ToArray();
        var peers = new LocalPeers([.. Party.ReluTriples(x.Length), .. Party.ReluTriples(x.Length)]);
        var (x0, x1) = LocalPeers.Share(x);
        var (y0, y1) = LocalPeers.Share(y);
        var relu = await LocalPeers.BothAsync((p, i) => p.ReluAsync(i == 0 ? x0 : x1, "relu", default), peers.Party0, peers.Party1);
        var max = await LocalPeers.BothAsync((p, i) => p.MaxAsync(i == 0 ? x0 : x1, i == 0 ? y0 : y1, "max", default), peers.Party0, peers.Party1);
        for (int i = 0; i < x.Length; i++)
        {
            Assert.Equal((long)x[i] > 0 ? x[i] : 0, relu[i]);
            Assert.Equal(Math.Max((long)x[i], (long)y[i]), (long)max[i]);
        }
        Assert.Equal(0, peers.Party0.TriplesLeft);
    }

    [Fact]
    public async Task MatrixAndElementProductsMatchPlaintextWithinOneUnit()
    {
        const int m = 5, k = 7, n = 3;
        var random = new Random(3);
        double[] a = [.. Enumerable.Range(0, m * k).Select(_ => random.NextDouble() * 8 - 4)];
        double[] b = [.. Enumerable.Range(0, k * n).Select(_ => random.NextDouble() * 2 - 1)];
        var peers = new LocalPeers([TripleSpec.Matrix(m, k, n), TripleSpec.Elementwise(k * n)]);
        var (a0, a1) = LocalPeers.Share([.. a.Select(Ring.Encode)]);
        var (b0, b1) = LocalPeers.Share([.. b.Select(Ring.Encode)]);
        var product = await LocalPeers.BothAsync(async (p, i) =>
        {
            var z = await p.MatMulAsync(i == 0 ? a0 : a1, i == 0 ? b0 : b1, m, k, n, "matmul", default);
            Ring.Truncate(z, p.Index);
            return z;
        }, peers.Party0, peers.Party1);
        for (int r = 0; r < m; r++)
            for (int c = 0; c < n; c++)
            {
                double expected = Enumerable.Range(0, k).Sum(j => Ring.Decode(Ring.Encode(a[r * k + j])) * Ring.Decode(Ring.Encode(b[j * n + c])));
                Assert.InRange(Ring.Decode(product[r * n + c]) - expected, -2 / Ring.Scale, 2 / Ring.Scale);
            }
        var squares = await LocalPeers.BothAsync((p, i) => p.MulAsync(i == 0 ? b0 : b1, i == 0 ? b0 : b1, "square", default), peers.Party0, peers.Party1);
        for (int j = 0; j < b.Length; j++) Assert.Equal((long)Ring.Encode(b[j]) * (long)Ring.Encode(b[j]), (long)squares[j]);
    }

    /// <summary>
    /// Everything party 0 sends while computing ReLU of a fixed input (all ones) must look uniform: byte values pass a
    /// chi-square test (255 degrees of freedom, critical value 380, p ≈ 1e-7, so that ten messages never flake)
    /// and every bit position is set about half the time (within 6 standard deviations) — with OS randomness and
    /// with a party seed alike.
    /// </summary>
    [Theory]
    [InlineData(null)]
    [InlineData(0)]
    public async Task WhatAPartySendsLooksUniform(int? seed)
    {
        const int n = 4096;
        var x = Enumerable.Repeat(Ring.Encode(1.0), n).ToArray();
        using var dealerKey = RandomSource.For(seed, "dealer", "test");
        using var device = RandomSource.For(seed, "device", "test");
        var peers = new LocalPeers([.. Party.ReluTriples(n)], dealerKey);
        var (x0, x1) = LocalPeers.Share(x, device);
        await LocalPeers.BothAsync((p, i) => p.ReluAsync(i == 0 ? x0 : x1, "relu", default), peers.Party0, peers.Party1);
        // The input share itself, then every round's message.
        foreach (var message in peers.Sent0.Prepend(x1))
        {
            var counts = new long[256];
            var bits = new long[64];
            foreach (var v in message)
            {
                for (int b = 0; b < 8; b++) counts[(v >> (8 * b)) & 0xFF]++;
                for (int b = 0; b < 64; b++) bits[b] += (long)((v >> b) & 1);
            }
            double expected = message.Length * 8 / 256.0;
            double chi = counts.Sum(c => (c - expected) * (c - expected) / expected);
            Assert.True(chi < 380, $"chi-square {chi:F0} over {message.Length} words");
            double sigma = Math.Sqrt(message.Length / 4.0);
            Assert.All(bits, c => Assert.InRange(c, message.Length / 2.0 - 6 * sigma, message.Length / 2.0 + 6 * sigma));
        }
    }

    [Fact]
    public void AModelWithAnUnsupportedOpIsRefusedByName()
    {
        var e = Assert.Throws<Verge.Core.Errors.InputException>(() => SecureModel.Load(Support.TestZoo.Zoo.Resolve("zoo:tiny-dag"), "zoo:tiny-dag"));
        Assert.Contains("of op Add", e.Message);
        var lenet = SecureModel.Load(Support.TestZoo.Zoo.Resolve("zoo:lenet5"), "zoo:lenet5");
        Assert.Equal(["Conv", "Relu", "MaxPool", "Conv", "Relu", "MaxPool", "Flatten", "Gemm", "Relu", "Gemm", "Relu", "Gemm"], lenet.Layers.Select(l => l.Op));
        Assert.Equal(10, lenet.OutputSize);
    }
}

using Verge.Core.Errors;
using Verge.Learning.Federated.Codecs;

namespace Verge.Learning.Tests.Federated;

/// <summary>Issue #18's codecs: sparse ternary with Golomb–Rice positions, and DGC on federated round deltas.</summary>
public sealed class SparseCodecTests
{
    private static float[] Values(int n, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
    }

    [Fact]
    public void TernaryKeepsTheLargestAsSignTimesTheirMeanMagnitudeInTheStatedBytes()
    {
        var values = new float[1000];
        values[3] = 5f; values[200] = -7f; values[999] = 6f; values[500] = 0.5f;
        var payload = new SparseTernaryCodec(0.003).Encode(values);
        // Gaps 3, 196, 798: the cheapest Rice parameter is 8 (3 × 9 bits + quotients 0, 0, 3), plus 3 sign bits = 33 bits.
        Assert.Equal(14 + 5, payload.Length);
        var decoded = UpdateCodec.Decode(payload);
        Assert.Equal(6f, decoded[3]);
        Assert.Equal(-6f, decoded[200]);
        Assert.Equal(6f, decoded[999]);
        Assert.Equal(3, decoded.Count(v => v != 0));
    }

    [Theory]
    [InlineData(0.001)]
    [InlineData(0.035)]
    [InlineData(0.5)]
    [InlineData(1.0)]
    public void TernaryRoundTripsItsPositionsAndSigns(double density)
    {
        var values = Values(20_000, 11);
        var decoded = UpdateCodec.Decode(new SparseTernaryCodec(density).Encode(values));
        var kept = TopKCodec.SelectLargest(values, TopKCodec.KeepCount(values.Length, density));
        Assert.Equal(kept, Enumerable.Range(0, decoded.Length).Where(i => decoded[i] != 0));
        float mu = (float)kept.Average(i => Math.Abs((double)values[i]));
        foreach (var i in kept) Assert.Equal(MathF.Sign(values[i]) * mu, decoded[i], 5);
    }

    [Fact]
    public void SparseTernaryAtThreePointFivePercentIsOverOneHundredTimesSmallerThanFp32()
    {
        // Random positions are the worst case for the gap code; a model delta's clustered positions code shorter.
        var values = Values(215_146, 12);
        double ratio = (double)Fp32Codec.EncodedSize(values.Length) / new SparseTernaryCodec(0.035).Encode(values).Length;
        Assert.True(ratio >= 100, $"ratio {ratio:F1}");
    }

    [Fact]
    public void StcKeepsTheRoundingAndTheUnsentInItsResidual()
    {
        var codec = CodecSpec.Parse("stc:0.1")(0);
        var feedback = Assert.IsType<ErrorFeedbackCodec>(codec);
        var first = Values(200, 13);
        var sent = UpdateCodec.Decode(codec.Encode(first));
        for (int i = 0; i < first.Length; i++) Assert.Equal(first[i] - sent[i], feedback.Residual[i], 6);
    }

    [Theory]
    [InlineData(new byte[] { 4, 10, 0, 0, 0, 11, 0, 0, 0, 0, 0, 0, 128, 63 })] // 11 values in a vector of 10
    [InlineData(new byte[] { 4, 10, 0, 0, 0, 1, 0, 0, 0, 31, 0, 0, 128, 63, 0 })] // Rice parameter 31
    [InlineData(new byte[] { 4, 10, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 128, 63 })] // no bits for the one position
    [InlineData(new byte[] { 4, 10, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 128, 63, 255, 255 })] // a unary run past the vector
    [InlineData(new byte[] { 4, 10, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 128, 63, 0, 0 })] // a trailing byte
    public void MalformedTernaryPayloadsAreFormatErrors(byte[] payload) =>
        Assert.Throws<FormatException>(() => UpdateCodec.Decode(payload));

    [Fact]
    public void DgcOnRoundDeltasHasNoMomentumSoEachDeltaCountsOnce()
    {
        // The same round delta twice, only the largest value sent: without momentum a value not yet sent has
        // accumulated exactly 2 deltas; with m = 0.9 (the old default) 2.9 — round deltas re-applied, the over-shoot.
        var delta = Enumerable.Range(0, 100).Select(i => 1f + i / 100f).ToArray();
        var fixedCodec = Assert.IsType<DgcCodec>(CodecSpec.Parse("dgc:0.01:warmup=0")(0));
        var old = Assert.IsType<DgcCodec>(CodecSpec.Parse("dgc:0.01:m=0.9:warmup=0")(0));
        Assert.Equal(0f, new DgcOptions().Momentum);
        foreach (var codec in new[] { fixedCodec, old })
            for (int round = 0; round < 2; round++) codec.Encode(delta);
        Assert.Equal(2f * delta[0], fixedCodec.Accumulated[0], 5);
        Assert.Equal(2.9f * delta[0], old.Accumulated[0], 5);
    }

    [Fact]
    public void DgcKeepsItsAccumulationForAClientThatSitsOutRounds()
    {
        // A client sampled in round 1 and again in round 5 encodes twice; what it did not send in round 1 leaves then.
        var codec = new DgcCodec(new DgcOptions(Density: 0.01, WarmupUpdates: 0));
        var round1 = Values(1000, 15);
        var sent1 = UpdateCodec.Decode(codec.Encode(round1));
        Assert.Equal(10, sent1.Count(v => v != 0));
        for (int i = 0; i < round1.Length; i++) Assert.Equal(round1[i] - sent1[i], codec.Accumulated[i], 6);
        var round5 = new float[1000];
        var sent5 = UpdateCodec.Decode(codec.Encode(round5));
        // Nothing new arrived, yet the next-largest leftovers of round 1 are sent.
        var expected = TopKCodec.SelectLargest(codec.Accumulated.ToArray().Zip(sent5, (a, s) => a + s).ToArray(), 10);
        Assert.Equal(expected, Enumerable.Range(0, 1000).Where(i => sent5[i] != 0));
        for (int i = 0; i < 1000; i++) Assert.Equal(round1[i], sent1[i] + sent5[i] + codec.Accumulated[i], 6);
    }

    [Fact]
    public void DgcWithQuantisedValuesFeedsTheRoundingBack()
    {
        var codec = Assert.IsType<DgcCodec>(CodecSpec.Parse("dgc:0.1:q4:warmup=0")(1));
        var update = Values(1000, 16);
        var sent = UpdateCodec.Decode(codec.Encode(update));
        Assert.Equal(100, sent.Count(v => v != 0));
        for (int i = 0; i < update.Length; i++) Assert.Equal(update[i] - sent[i], codec.Accumulated[i], 6);
    }

    [Theory]
    [InlineData("stc:0.035", "stc:0.035")]
    [InlineData("dgc:0.001:m=0.9", "dgc:0.001:m=0.9")]
    [InlineData("dgc:0.01:q8:warmup=0:clip=5", "dgc:0.01:q8:warmup=0:clip=5")]
    public void NewSpecsParse(string spec, string name) =>
        Assert.Equal(name, CodecSpec.Parse(spec)(0) is ErrorFeedbackCodec ef ? ef.Inner.Name : CodecSpec.Parse(spec)(0).Name);

    [Theory]
    [InlineData("stc:0")]
    [InlineData("stc:0.01:q8")]
    [InlineData("dgc:0.01:m=1")]
    [InlineData("dgc:0.01:warmup=-1")]
    [InlineData("dgc:0.01:clip=x")]
    [InlineData("dgc:0.01:speed=2")]
    [InlineData("dgc:0.01:q8:q4")]
    [InlineData("stc:0.01+ef")]
    public void BadNewSpecsAreUsageErrors(string spec) => Assert.Throws<UsageException>(() => CodecSpec.Parse(spec));
}

using Verge.Core.Errors;
using Verge.Learning.Federated.Codecs;

namespace Verge.Learning.Tests.Federated;

public sealed class CodecTests
{
    private static float[] Values(int n, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
    }

    [Fact]
    public void Fp32RoundTripsExactlyInFivePlusFourNBytes()
    {
        var values = Values(1000, 1);
        var payload = new Fp32Codec().Encode(values);
        Assert.Equal(5 + 4 * 1000, payload.Length);
        Assert.Equal(values, UpdateCodec.Decode(payload));
    }

    [Theory]
    [InlineData(8, 8192)]
    [InlineData(4, 100)]
    [InlineData(1, 64)]
    public void QuantizationIsWithinOneStepAndHasTheStatedSize(int bits, int bucket)
    {
        var values = Values(10_000, 2);
        var codec = new QuantizationCodec(bits, bucket, seed: 1);
        var payload = codec.Encode(values);
        int buckets = (10_000 + bucket - 1) / bucket;
        Assert.Equal(10 + 8 * buckets + (10_000 * bits + 7) / 8, payload.Length);
        Assert.Equal(QuantizationCodec.EncodedSize(10_000, bits, bucket), payload.Length);
        var decoded = UpdateCodec.Decode(payload);
        float step = 2f / ((1 << bits) - 1);
        for (int i = 0; i < values.Length; i++) Assert.InRange(decoded[i] - values[i], -step * 1.01f, step * 1.01f);
    }

    [Fact]
    public void EightBitIsAlmostFourTimesSmallerThanFp32()
    {
        var values = Values(200_000, 3);
        double ratio = (double)new Fp32Codec().Encode(values).Length / new QuantizationCodec(8).Encode(values).Length;
        Assert.InRange(ratio, 3.98, 4.0);
    }

    [Fact]
    public void StochasticRoundingIsUnbiased()
    {
        // 0.3 sits between the levels 0 and 1 of a 1-bit code over [0, 1]: it must decode to 1 about 30% of the time.
        var values = new float[] { 0f, 1f, 0.3f };
        var codec = new QuantizationCodec(1, seed: 5);
        double sum = 0;
        for (int i = 0; i < 4000; i++) sum += UpdateCodec.Decode(codec.Encode(values))[2];
        Assert.InRange(sum / 4000, 0.27, 0.33);
    }

    [Fact]
    public void TopKKeepsExactlyTheLargestAndCountsItsBytes()
    {
        var values = new float[1000];
        values[3] = 5f; values[200] = -7f; values[999] = 6f; values[500] = 0.5f;
        var payload = new TopKCodec(0.003).Encode(values);
        // header 9, gaps 3 (1 byte), 196 (2 bytes), 798 (2 bytes), then an fp32 payload of 3 values.
        Assert.Equal(9 + 1 + 2 + 2 + 5 + 4 * 3, payload.Length);
        var decoded = UpdateCodec.Decode(payload);
        Assert.Equal(5f, decoded[3]);
        Assert.Equal(-7f, decoded[200]);
        Assert.Equal(6f, decoded[999]);
        Assert.Equal(3, decoded.Count(v => v != 0));
    }

    [Fact]
    public void TopKOfOnePercentIsOverFiftyTimesSmaller()
    {
        var values = Values(215_000, 4);
        var codec = new TopKCodec(0.01);
        double ratio = (double)Fp32Codec.EncodedSize(values.Length) / codec.Encode(values).Length;
        Assert.True(ratio >= 50, $"ratio {ratio:F1}");
        var quantizedValues = new TopKCodec(0.01, new QuantizationCodec(8)).Encode(values);
        Assert.True(quantizedValues.Length < codec.Encode(values).Length);
    }

    [Fact]
    public void ErrorFeedbackKeepsWhatWasNotSent()
    {
        var codec = new ErrorFeedbackCodec(new TopKCodec(0.1));
        var first = Values(100, 6);
        var second = Values(100, 7);
        var sent1 = UpdateCodec.Decode(codec.Encode(first));
        for (int i = 0; i < 100; i++) Assert.Equal(first[i] - sent1[i], codec.Residual[i], 6);
        var sent2 = UpdateCodec.Decode(codec.Encode(second));
        // Nothing is lost: everything sent plus the residual equals everything given.
        for (int i = 0; i < 100; i++) Assert.Equal(first[i] + second[i], sent1[i] + sent2[i] + codec.Residual[i], 5);
        Assert.Equal(10, sent2.Count(v => v != 0));
    }

    [Fact]
    public void DgcWarmsUpThenAccumulatesAndMasksMomentum()
    {
        var codec = new DgcCodec(new DgcOptions(Density: 0.01, Momentum: 0.9f, ClipNorm: 0f, WarmupUpdates: 3));
        var values = Values(10_000, 8);
        int[] expectedKept = [2500, 625, 157, 100, 100];
        foreach (var kept in expectedKept)
            Assert.Equal(kept, UpdateCodec.Decode(codec.Encode(values)).Count(v => v != 0));
    }

    [Fact]
    public void DgcClipsLocally()
    {
        var codec = new DgcCodec(new DgcOptions(Density: 1, Momentum: 0f, ClipNorm: 1f, WarmupUpdates: 0));
        var decoded = UpdateCodec.Decode(codec.Encode([30f, 40f]));
        Assert.Equal(0.6f, decoded[0], 5);
        Assert.Equal(0.8f, decoded[1], 5);
    }

    [Theory]
    [InlineData("fp32", "fp32")]
    [InlineData("q8", "q8")]
    [InlineData("q4+ef", "q4+ef")]
    [InlineData("topk:0.01+ef", "topk:0.01+ef")]
    [InlineData("topk:0.01:q8", "topk:0.01:q8")]
    [InlineData("dgc:0.001", "dgc:0.001")]
    public void SpecsParse(string spec, string name) => Assert.Equal(name, CodecSpec.Parse(spec)(0).Name);

    [Theory]
    [InlineData("zip")]
    [InlineData("q9")]
    [InlineData("topk:2")]
    [InlineData("fp32+ef")]
    public void BadSpecsAreUsageErrors(string spec)
    {
        var e = Assert.ThrowsAny<VergeException>(() => CodecSpec.Parse(spec));
        Assert.Equal(2, e.ExitCode);
        Assert.Contains(spec, e.Message);
    }

    [Fact]
    public void TruncatedOrUnknownPayloadsAreFormatErrors()
    {
        var payload = new TopKCodec(0.5).Encode(Values(10, 9));
        Assert.Throws<FormatException>(() => UpdateCodec.Decode(payload.AsSpan(0, payload.Length - 1)));
        Assert.Throws<FormatException>(() => UpdateCodec.Decode([42, 0, 0, 0, 0]));
        Assert.Throws<FormatException>(() => UpdateCodec.Decode([.. payload, 0]));
    }
}

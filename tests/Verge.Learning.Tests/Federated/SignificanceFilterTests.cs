using Verge.Learning.Federated;
using Verge.Learning.Federated.Codecs;
using Verge.Learning.Federated.Hierarchical;

namespace Verge.Learning.Tests.Federated;

/// <summary>Gaia's per-parameter significance filter: relative threshold, its decay, accumulation, and exact bytes.</summary>
public sealed class SignificanceFilterTests
{
    [Fact]
    public void SendsOnlyChangesLargeRelativeToTheirValue()
    {
        var filter = new SignificanceFilter(0.01);
        // 0.02 > 1% of 1; 0.05 is not > 1% of 10; 0.03 > 1% of 2; a zero change never travels, even on a zero value.
        Assert.Equal([0, 2], filter.Select([0.02f, 0.05f, -0.03f, 0f], [1f, 10f, -2f, 0f], round: 1));
        Assert.Equal([1], filter.Select([0f, 1e-9f], [5f, 0f], round: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SignificanceFilter(-0.1));
    }

    [Fact]
    public void ThresholdDecaysAsOneOverRootT()
    {
        var filter = new SignificanceFilter(0.01);
        Assert.Equal(0.01, filter.ThresholdAt(1), 12);
        Assert.Equal(0.005, filter.ThresholdAt(4), 12);
        // 0.046 against 10: not above θ₄·10 = 0.05, above θ₅·10 ≈ 0.0447.
        Assert.Empty(filter.Select([0.046f], [10f], round: 4));
        Assert.Equal([0], filter.Select([0.046f], [10f], round: 5));
    }

    [Fact]
    public void UnsentChangesAccumulateUntilSignificant()
    {
        var filter = new SignificanceFilter(0.01);
        var accumulated = new[] { 0.006f, 0.02f };
        var first = filter.Take(accumulated, [1f, 1f], round: 1);
        Assert.Equal([1], first.Indices);
        Assert.Equal([0.02f], first.Values);
        Assert.Equal([0.006f, 0f], accumulated);
        accumulated[0] += 0.006f;
        var second = filter.Take(accumulated, [1f, 1f], round: 1);
        Assert.Equal([0], second.Indices);
        Assert.Equal(0.012f, second.Values[0], 6);
        Assert.Equal([0f, 0f], accumulated);
    }

    [Fact]
    public void BytesAreTheExactSparsePayload()
    {
        var filter = new SignificanceFilter(0.01);
        var accumulated = new float[300];
        accumulated[3] = 0.5f;
        accumulated[200] = -0.25f;
        var values = Enumerable.Repeat(1f, 300).ToArray();
        var update = filter.Take(accumulated, values, round: 1);
        // Header 9 (tag, length, count), varint gaps 3 (1 byte) and 196 (2 bytes), fp32 values 5 + 4·2.
        Assert.Equal(9 + 1 + 2 + 5 + 8, update.Bytes);
        var payload = SignificanceFilter.SparsePayload(300, update.Indices, update.Values);
        Assert.Equal(update.Bytes, payload.Length);
        var decoded = UpdateCodec.Decode(payload);
        Assert.Equal(0.5f, decoded[3]);
        Assert.Equal(-0.25f, decoded[200]);
        Assert.Equal(2, decoded.Count(v => v != 0));
    }

    [Fact]
    public void HierarchicalEdgesStayTheCloudPlusWhatTheyHaveNotSent()
    {
        var fit = new FitConfig(1, 1, 0.1f);
        var strategy = new HierarchicalStrategy([1f, 1f, 1f], new HierarchicalOptions(fit, Edges: 2, SignificanceThreshold: 0.01) { Filter = SyncFilter.Parameter });
        // Client 0 → edge 0, client 1 → edge 1; equal samples, so each edge weighs one half in the cloud.
        var aggregate = strategy.AggregateFit(1, [Update(0, [0.5f, 0.001f, 0f]), Update(1, [0.3f, 0f, 0.002f])]);
        var cloud = strategy.ConfigureEvaluate(1);
        Close([1.4f, 1f, 1f], cloud);
        var plan = strategy.ConfigureFit(2, [0, 1]);
        Close([1.4f, 1.001f, 1f], plan.Instructions[0].Weights);
        Close([1.4f, 1f, 1.002f], plan.Instructions[1].Weights);
        // Each edge sent index 0 (9 + 1 + 5 + 4 bytes); the cloud sent both edges index 0's new value.
        Assert.Equal(2 * 19, aggregate.CloudUplinkBytes);
        Assert.Equal(2 * 19, aggregate.CloudDownlinkBytes);
        Assert.Equal(aggregate.CloudUplinkBytes, aggregate.ExtraUplinkBytes);
    }

    private static void Close(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 5);
    }

    private static ClientUpdate Update(int client, float[] delta) => new(client, 1, 0, delta, 10, 1, 0.5, 0);
}

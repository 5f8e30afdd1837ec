using Verge.Learning.Federated;
using Verge.Learning.Federated.Codecs;

namespace Verge.Learning.Tests.Federated;

/// <summary>
/// The edges of the aggregation math and the codecs' settings, each a case a mutation survived or no test reached
/// (docs/results/mutation.md).
/// </summary>
public sealed class AggregationEdgeTests
{
    [Fact]
    public void WeightedAccuracyWeighsEachClientBySamples()
    {
        var results = new[] { new EvaluateResult(0, 100, 0.5), new EvaluateResult(1, 300, 1.0) };
        Assert.Equal(0.875, Aggregation.WeightedAccuracy(results), 12);
        Assert.Equal(0.0, Aggregation.WeightedAccuracy([]));
        Assert.Equal(0.0, Aggregation.WeightedAccuracy([new EvaluateResult(0, 0, 0.9)]));
    }

    [Fact]
    public void WeightedAverageOfZeroTotalWeightIsZerosNotNaN()
    {
        var average = Aggregation.WeightedAverage([([1f, 2f], 0.0), ([3f, 4f], 0.0)], 2);
        Assert.Equal([0f, 0f], average);
        Assert.Equal([2.5f, 3.5f], Aggregation.WeightedAverage([([1f, 2f], 1.0), ([3f, 4f], 3.0)], 2));
        Assert.Throws<ArgumentException>(() => Aggregation.WeightedAverage([([1f], 1.0)], 2));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.1)]
    [InlineData(1.01)]
    public void TopKRefusesADensityOutsideZeroToOne(double density) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new TopKCodec(density));

    [Fact]
    public void TopKKeepsAtLeastOneValueAndNoneOfAnEmptyUpdate()
    {
        Assert.Equal(1.0, new TopKCodec(1.0).Density);
        Assert.Equal(0, TopKCodec.KeepCount(0, 0.5));
        Assert.Equal(1, TopKCodec.KeepCount(1000, 1e-6));
        Assert.Equal(1000, TopKCodec.KeepCount(1000, 1.0));
        // Ties go to the lower index.
        Assert.Equal([0, 1], TopKCodec.SelectLargest([1f, -1f, 1f, 1f], 2));
        Assert.Equal([1, 3], TopKCodec.SelectLargest([0.5f, -2f, 1f, 2f], 2));
    }

    [Fact]
    public void DgcWarmUpDensityFallsByFourUntilTheFinalDensity()
    {
        var codec = new DgcCodec(new DgcOptions(Density: 0.001, WarmupUpdates: 4));
        var update = Enumerable.Range(0, 4096).Select(i => MathF.Sin(i)).ToArray();
        var densities = new List<double>();
        for (int i = 0; i < 6; i++)
        {
            densities.Add(codec.CurrentDensity);
            codec.Encode(update);
        }
        Assert.Equal([0.25, 0.0625, 0.015625, 0.00390625, 0.001, 0.001], densities);
    }
}

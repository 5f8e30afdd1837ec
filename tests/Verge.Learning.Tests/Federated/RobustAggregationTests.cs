using Verge.Core.Errors;
using Verge.Learning.Federated;
using Verge.Learning.Federated.FedAvg;
using Verge.Learning.Federated.Robust;

namespace Verge.Learning.Tests.Federated;

public sealed class RobustAggregationTests
{
    // Five clients, three coordinates; client 4 is poisoned (1e6 in every coordinate).
    private static readonly float[][] Updates =
    [
        [1, -2, 0.5f],
        [3, -1, 0.1f],
        [2, -4, 0.3f],
        [5, -3, 0.2f],
        [1e6f, 1e6f, 1e6f],
    ];

    [Fact]
    public void MedianPicksTheMiddleValueOfEveryCoordinate() =>
        // Sorted columns: [1,2,3,5,1e6] [-4,-3,-2,-1,1e6] [0.1,0.2,0.3,0.5,1e6].
        Assert.Equal([3f, -2f, 0.3f], RobustAggregation.CoordinateMedian(Updates, 3));

    [Fact]
    public void MedianOfAnEvenCountAveragesTheTwoMiddleValues() =>
        Assert.Equal([2.5f, -2.5f, 0.25f], RobustAggregation.CoordinateMedian(Updates[..4], 3));

    [Fact]
    public void TrimmedMeanCutsTheExtremesAtBothEnds()
    {
        // β = 0.2 of m = 5 cuts one value per end: (2+3+5)/3, (-3-2-1)/3, (0.2+0.3+0.5)/3.
        var trimmed = RobustAggregation.TrimmedMean(Updates, 3, 0.2);
        Assert.Equal(10f / 3, trimmed[0], 5);
        Assert.Equal(-2f, trimmed[1], 5);
        Assert.Equal(1f / 3, trimmed[2], 5);
    }

    [Fact]
    public void TrimmedMeanWithBetaZeroIsThePlainMean() =>
        Assert.Equal([2.75f, -2.5f, 0.275f], RobustAggregation.TrimmedMean(Updates[..4], 3, 0));

    [Fact]
    public void NoUpdatesGiveZeros() => Assert.Equal([0f, 0f], RobustAggregation.CoordinateMedian([], 2));

    [Theory]
    [InlineData("mean", "mean")]
    [InlineData("median", "median")]
    [InlineData("trimmed-mean", "trimmed-mean:0.1")]
    [InlineData("Trimmed-Mean:0.25", "trimmed-mean:0.25")]
    [InlineData("krum", "krum")]
    [InlineData("krum:2", "krum:2")]
    [InlineData("multi-krum", "multi-krum")]
    [InlineData("multi-krum:2", "multi-krum:2")]
    [InlineData("multi-krum:2,5", "multi-krum:2,5")]
    [InlineData("bucket:2:median", "bucket:2:median")]
    [InlineData("Bucket:3:multi-krum:1", "bucket:3:multi-krum:1")]
    public void RulesParse(string text, string expected) => Assert.Equal(expected, AggregationRule.Parse(text).ToString());

    [Theory]
    [InlineData("krum:x")]
    [InlineData("krum:-1")]
    [InlineData("multi-krum:1,0")]
    [InlineData("multi-krum:1,2,3")]
    [InlineData("bucket:0:median")]
    [InlineData("bucket:2:bucket:2:median")]
    [InlineData("trimmed-mean:0.5")]
    [InlineData("median:0.1")]
    public void BadRulesAreUsageErrors(string text)
    {
        var e = Assert.Throws<UsageException>(() => AggregationRule.Parse(text));
        Assert.Equal("aggregation rule", e.Term);
    }

    [Fact]
    public void FedAvgWithTheMedianIgnoresAPoisonedClientThatTheMeanFollows()
    {
        var results = Updates.Select((d, c) => new ClientUpdate(c, 1, 0, d, 100, 1, 0, 0)).ToList();
        var median = new FedAvgStrategy(new float[3], new FedAvgOptions(new FitConfig(1, 1, 0.1f)) { Aggregation = AggregationRule.Parse("median") });
        var mean = new FedAvgStrategy(new float[3], new FedAvgOptions(new FitConfig(1, 1, 0.1f)));
        median.AggregateFit(1, results);
        mean.AggregateFit(1, results);
        Assert.Equal([3f, -2f, 0.3f], median.GlobalWeights);
        Assert.True(mean.GlobalWeights[0] > 1e5f);
    }
}

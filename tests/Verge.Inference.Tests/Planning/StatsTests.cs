using Verge.Core.Statistics;
using Verge.Core.Units;

namespace Verge.Inference.Tests.Planning;

/// <summary>The one median, percentile and byte formatter every command uses.</summary>
public sealed class StatsTests
{
    [Fact]
    public void TheMedianOfAnEvenCountIsTheMeanOfTheTwoMiddleValues()
    {
        Assert.Equal(2.5, Stats.Median([4, 1, 3, 2]));
        Assert.Equal(3, Stats.Median([5, 1, 3]));
        Assert.True(double.IsNaN(Stats.Median(Array.Empty<double>())));
    }

    [Fact]
    public void TheMedianOfDurationsIsTheMedianOfTheirTicks()
    {
        Assert.Equal(TimeSpan.FromTicks(25), Stats.Median([TimeSpan.FromTicks(40), TimeSpan.FromTicks(10), TimeSpan.FromTicks(30), TimeSpan.FromTicks(20)]));
        Assert.Equal(TimeSpan.FromMilliseconds(3), Stats.Median([TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(3)]));
        Assert.Throws<ArgumentException>(() => Stats.Median(Array.Empty<TimeSpan>()));
    }

    [Fact]
    public void PercentilesAreNearestRankSoAlwaysOneOfTheValues()
    {
        double[] xs = [10, 20, 30, 40];
        Assert.Equal(20, Stats.Percentile(xs, 50));
        Assert.Equal(40, Stats.Percentile(xs, 95));
        Assert.Equal(10, Stats.Percentile(xs, 0));
        Assert.True(double.IsNaN(Stats.Percentile([], 50)));
    }

    [Theory]
    [InlineData(-1, "?")]
    [InlineData(0, "0 B")]
    [InlineData(1023, "1023 B")]
    [InlineData(1024, "1.0 KiB")]
    [InlineData(616_562, "602.1 KiB")]
    [InlineData(3 * 1024 * 1024, "3.00 MiB")]
    [InlineData(5L * 1024 * 1024 * 1024, "5.00 GiB")]
    public void BytesPrintWithBinaryPrefixes(long bytes, string expected) => Assert.Equal(expected, new DataSize(bytes).ToString());
}

using Verge.Core.Errors;
using Verge.Net.Serving.Load;

namespace Verge.Net.Tests.Serving;

/// <summary>`--sweep`'s syntax and the options of each point; the timeline `--plot` draws (pure, no sockets).</summary>
public sealed class LoadSweepTests
{
    [Fact]
    public void ASweepListsItsAxisAndValues()
    {
        var concurrency = LoadSweep.Parse("concurrency=1, 2,4,64");
        Assert.Equal((LoadSweepAxis.Concurrency, "concurrency"), (concurrency.Axis, concurrency.AxisName));
        Assert.Equal([1.0, 2, 4, 64], concurrency.Values);
        var baseline = new LoadOptions("http://127.0.0.1:1", "m") { Streams = 2 };
        Assert.Equal((4, (double?)null, 2), (concurrency.At(baseline, 4).Concurrency, concurrency.At(baseline, 4).Rate, concurrency.At(baseline, 4).Streams));

        var rate = LoadSweep.Parse("rate=50,100.5");
        Assert.Equal([50, 100.5], rate.Values);
        Assert.Equal(100.5, rate.At(baseline, 100.5).Rate);
    }

    [Theory]
    [InlineData("concurrency")]
    [InlineData("concurrency=")]
    [InlineData("concurrency=1,0")]
    [InlineData("concurrency=2.5")]
    [InlineData("rate=10,-1")]
    [InlineData("rate=NaN")]
    [InlineData("batch=1,2")]
    public void BadSweepsAreUsageErrorsNamingTheFlag(string text)
    {
        var e = Assert.Throws<UsageException>(() => LoadSweep.Parse(text));
        Assert.StartsWith("--sweep", e.Message);
    }

    [Fact]
    public void TheTimelineCountsAnswersPerSliceByAnswerTime()
    {
        // A 2 s run cut into 100 ms slices: 3 answers in the first slice, 1 in the last, none between.
        LoadSample[] answered =
        [
            new(LoadOutcome.Answered, 0, 10, 0, 0, -1), new(LoadOutcome.Answered, 0, 20, 0, 0, -1),
            new(LoadOutcome.Answered, 0, 90, 0, 0, -1), new(LoadOutcome.Answered, 1900, 1950, 0, 0, -1),
        ];
        var timeline = LoadSummary.Timeline(answered, 2000);
        Assert.Equal(20, timeline.Count);
        Assert.Equal(30, timeline[0].ThroughputRps, 9);
        Assert.Equal((20.0, 90.0), (timeline[0].P50Ms, timeline[0].P99Ms)); // nearest rank
        Assert.True(double.IsNaN(timeline[1].P50Ms));
        Assert.Equal(10, timeline[^1].ThroughputRps, 9);
        Assert.Equal(1.9, timeline[^1].StartS, 9);
    }
}

using Verge.Net.Links;

namespace Verge.Net.Tests;

public sealed class LinkEstimatorTests
{
    [Fact]
    public void BandwidthIsBytesOverTimeBeyondTheRtt()
    {
        var e = new LinkEstimator(weight: 0.5);
        e.AddRtt(TimeSpan.FromMilliseconds(20));
        e.AddTransfer(125_000, TimeSpan.FromMilliseconds(120)); // 1 Mbit in 100 ms
        Assert.Equal(10e6, e.Current.BandwidthBitsPerSecond!.Value, 1);
        Assert.Equal(TimeSpan.FromMilliseconds(20), e.Current.Rtt);
    }

    [Fact]
    public void DriftIsReportedOnceTheAverageMovesPastTheThreshold()
    {
        var e = new LinkEstimator(weight: 0.5);
        e.AddRtt(TimeSpan.FromMilliseconds(20));
        e.AddTransfer(125_000, TimeSpan.FromMilliseconds(120));
        e.Rebaseline();
        Assert.False(e.Drifted(0.3));
        e.AddTransfer(125_000, TimeSpan.FromMilliseconds(1020)); // 1 Mbit/s now
        Assert.True(e.Drifted(0.3));
        Assert.InRange(e.Current.BandwidthBitsPerSecond!.Value, 1e6, 6e6);
    }
}

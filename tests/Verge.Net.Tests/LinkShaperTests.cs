using Verge.Net.Links;

namespace Verge.Net.Tests;

public sealed class LinkShaperTests
{
    private static readonly TimeSpan Ms = TimeSpan.FromMilliseconds(1);

    [Fact]
    public void OneMessageWaitsHalfTheRttPlusItsTransmitTime()
    {
        var shaper = new LinkShaper(LinkParameters.FromMbps(8, rttMs: 20)); // 8 Mbit/s = 1 byte per µs
        Assert.Equal(10 * Ms + 125 * Ms, shaper.Reserve(LinkDirection.Up, 125_000, TimeSpan.Zero));
    }

    [Fact]
    public void ConcurrentMessagesShareTheBandwidthButDirectionsAreIndependent()
    {
        var shaper = new LinkShaper(LinkParameters.FromMbps(8, rttMs: 20));
        Assert.Equal(110 * Ms, shaper.Reserve(LinkDirection.Up, 100_000, TimeSpan.Zero));
        Assert.Equal(210 * Ms, shaper.Reserve(LinkDirection.Up, 100_000, TimeSpan.Zero));
        Assert.Equal(160 * Ms, shaper.Reserve(LinkDirection.Up, 100_000, 150 * Ms)); // wire free at 300 ms
        Assert.Equal(110 * Ms, shaper.Reserve(LinkDirection.Down, 100_000, TimeSpan.Zero));
    }

    [Fact]
    public void ABandwidthChangeAppliesToTheNextMessage()
    {
        var shaper = new LinkShaper(LinkParameters.FromMbps(8, rttMs: 20));
        Assert.Equal(110 * Ms, shaper.Reserve(LinkDirection.Up, 100_000, TimeSpan.Zero));
        shaper.Parameters = LinkParameters.FromMbps(0.8, rttMs: 100); // LTE → 3G
        Assert.Equal(1050 * Ms, shaper.Reserve(LinkDirection.Up, 100_000, TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void UnlimitedLinkAddsNothing()
    {
        var shaper = new LinkShaper(LinkParameters.Unlimited);
        Assert.Equal(TimeSpan.Zero, shaper.Reserve(LinkDirection.Up, 1 << 30, TimeSpan.Zero));
    }
}

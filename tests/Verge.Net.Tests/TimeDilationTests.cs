using Verge.Core.Deployment;
using Verge.Core.Units;
using Verge.Inference.Planning;
using Verge.Net.Execution;
using Verge.Net.Links;
using Verge.Net.Stages;

namespace Verge.Net.Tests;

/// <summary>Time dilation's arithmetic (Gupta et al., NSDI 2006), without a transport: k, pacing at time × k ÷ speed, links × k, reports ÷ k.</summary>
public sealed class TimeDilationTests
{
    private static TimeSpan Ms(double ms) => TimeSpan.FromMilliseconds(ms);

    private static Topology Spec(double cloudSpeed, double deviceSpeed = 0.1) => new(
        [new Node("phone", Tier.Device, deviceSpeed), new Node("edge", Tier.Edge, 1.0), new Node("cloud", Tier.Cloud, cloudSpeed)],
        [new Link("phone", "edge", Bandwidth.Parse("8Mbps"), Ms(20)), new Link("edge", "cloud", Bandwidth.Parse("100Mbps"), Ms(40))]);

    [Fact]
    public void KIsTheFastestNodesSpeedAndNoneWhenNoNodeOutrunsTheHost()
    {
        Assert.Equal(3, TimeDilation.For(Spec(cloudSpeed: 3)).Factor);
        Assert.True(TimeDilation.For(Spec(cloudSpeed: 3)).InEffect);
        Assert.False(TimeDilation.For(Spec(cloudSpeed: 1)).InEffect);
        Assert.Equal(1, TimeDilation.For(Spec(cloudSpeed: 0.5)).Factor);

        // An accelerator fast at one op type sets k too.
        var accelerated = new Node("cloud", Tier.Cloud, 2.0, new Dictionary<string, double> { ["Conv"] = 12 }, PowerModel.None);
        Assert.Equal(12, TimeDilation.For(new Topology([new Node("phone", Tier.Device, 0.1), accelerated], [])).Factor);
        Assert.Throws<ArgumentOutOfRangeException>(() => new TimeDilation(0.5));
    }

    [Fact]
    public void EveryNodeIsPacedToItsProfiledTimeTimesKOverSpeed()
    {
        // Profiled 10 ms at speed 1; k = 3 (the cloud's speed).
        Assert.Equal(Ms(300), ComputePacer.Paced(Ms(10), speed: 0.1, dilation: 3)); // the phone: 100 ms, three times over
        Assert.Equal(Ms(30), ComputePacer.Paced(Ms(10), speed: 1, dilation: 3));    // the edge: 10 ms, three times over
        Assert.Equal(Ms(10), ComputePacer.Paced(Ms(10), speed: 3, dilation: 3));    // the cloud: 3.3 ms, three times over = this host's own time

        var edge = new ComputePacer(1.0, dilation: 3);
        edge.Calibrate([Ms(10)]);
        Assert.True(edge.Emulates);
        Assert.Equal(Ms(30), edge.Emulated(Ms(9)));
        Assert.Equal(Ms(45), edge.Emulated(Ms(45))); // a busy host is not hidden

        var cloud = new ComputePacer(3.0, dilation: 3);
        Assert.False(cloud.Emulates); // the fastest node runs as this host does
        Assert.Equal(Ms(9), cloud.Emulated(Ms(9)));

        // Without dilation, nothing changes: speed 1 runs as is, a slower node is held to time ÷ speed.
        Assert.False(new ComputePacer(1.0).Emulates);
        Assert.Equal(Ms(2), new ComputePacer(0.25).Emulated(Ms(0.5)));
    }

    [Fact]
    public void StageSessionsPaceFromTheirProfileUnderDilation()
    {
        using var phone = new StageSession(TestModels.Full, speed: 0.5, typical: Ms(4), dilation: 2);
        Assert.Equal(Ms(16), phone.Pacer.Emulated(Ms(0.1)));
        Assert.Equal(2, phone.Pacer.Dilation);
    }

    [Fact]
    public void LinksTakeKTimesTheirDelaysAndMeasurementsAreDividedByK()
    {
        var k = new TimeDilation(4);
        var link = k.Link(LinkParameters.FromMbps(8, 20));
        Assert.Equal(Ms(80), link.Rtt);
        Assert.Equal(2e6, link.BandwidthBitsPerSecond);
        // 1 MB: 1 s at 8 Mbit/s, 4 s dilated.
        Assert.Equal(TimeSpan.FromSeconds(4), link.TransmitTime(1_000_000));
        Assert.True(double.IsPositiveInfinity(k.Link(LinkParameters.Unlimited).BandwidthBitsPerSecond));

        Assert.Equal(25, k.Real(100));
        Assert.Equal(new MessageCost(0.25, 2), k.Message(new MessageCost(1, 8)));
        Assert.Equal(100, TimeDilation.None.Real(100));
        Assert.Same(LinkParameters.Unlimited, TimeDilation.None.Link(LinkParameters.Unlimited));
    }
}

using Verge.Net.Hosting;

namespace Verge.Net.Tests.Tiles;

/// <summary>The tile codec's pacing: each kind of work charged its typical cost per value at the node's speed, a stall never magnified.</summary>
public sealed class TileCodecPacerTests
{
    private static TimeSpan Us(double us) => TimeSpan.FromTicks((long)(us * 10));

    [Fact]
    public void AStalledCallIsChargedAsItTookNotTenTimesOver()
    {
        var pacer = new TileCodecPacer();
        // The first call has no typical cost to go by: its own time at 0.1×.
        Assert.Equal(Us(100), pacer.Charge(TileCodecWork.Pack, 1000, Us(10), speed: 0.1));
        Assert.Equal(Us(100), pacer.Charge(TileCodecWork.Pack, 1000, Us(12), speed: 0.1));
        // 3 ms of preemption or a collection: shown as it is, not as 30 ms.
        Assert.Equal(TimeSpan.FromMilliseconds(3), pacer.Charge(TileCodecWork.Pack, 1000, TimeSpan.FromMilliseconds(3), speed: 0.1));
        // The median of 10, 12 and 3000 ns per value is 12: a call of 4000 values is charged 48 µs at 0.1×.
        Assert.Equal(Us(480), pacer.Charge(TileCodecWork.Pack, 4000, Us(8), speed: 0.1));

        Assert.Equal(Us(100 + 100 + 3000 + 480), pacer.Held);
        Assert.Equal(Us(10 + 12 + 3000 + 8), pacer.Measured);
        Assert.Equal(7000, pacer.Values);
        Assert.Equal(4, pacer.Calls);
    }

    [Fact]
    public void EachKindOfWorkHasItsOwnTypicalCost()
    {
        var pacer = new TileCodecPacer();
        pacer.Charge(TileCodecWork.Normalize, 1000, Us(1), speed: 0.5);
        // Unpacking has no call behind it yet: its own time, at 0.5×.
        Assert.Equal(Us(40), pacer.Charge(TileCodecWork.Unpack, 1000, Us(20), speed: 0.5));
        Assert.Equal(Us(2), pacer.Charge(TileCodecWork.Normalize, 1000, Us(1), speed: 0.5));
    }

    [Fact]
    public void ANodeAtThisHostsSpeedIsChargedWhatItTook()
    {
        var pacer = new TileCodecPacer();
        pacer.Charge(TileCodecWork.Pack, 1000, Us(50), speed: 1);
        Assert.Equal(Us(7), pacer.Charge(TileCodecWork.Pack, 1000, Us(7), speed: 1));
    }

    [Fact]
    public void TheWindowKeepsOnlyTheLastCalls()
    {
        var pacer = new TileCodecPacer();
        // A slow start (cold code) leaves the window once enough calls follow it.
        for (int i = 0; i < 10; i++) pacer.Charge(TileCodecWork.Unpack, 100, Us(100), speed: 0.1);
        for (int i = 0; i < TileCodecPacer.Window; i++) pacer.Charge(TileCodecWork.Unpack, 100, Us(1), speed: 0.1);
        Assert.Equal(Us(10), pacer.Charge(TileCodecWork.Unpack, 100, Us(1), speed: 0.1));
    }
}

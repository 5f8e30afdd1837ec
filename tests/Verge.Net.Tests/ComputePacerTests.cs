using Verge.Net.Stages;

namespace Verge.Net.Tests;

public sealed class ComputePacerTests
{
    private static TimeSpan Ms(double ms) => TimeSpan.FromMilliseconds(ms);

    [Fact]
    public void ACalibratedNodeTakesItsTypicalTimeOverSpeedWhateverOneRunTook()
    {
        var pacer = new ComputePacer(0.1);
        pacer.Calibrate([Ms(0.05), Ms(0.09), Ms(0.04)]);

        Assert.Equal(Ms(0.05), pacer.Typical);
        // Jitter of one run is not magnified tenfold: 0.03 ms and 0.07 ms runs both take 0.5 ms.
        Assert.Equal(Ms(0.5), pacer.Emulated(Ms(0.03)));
        Assert.Equal(Ms(0.5), pacer.Emulated(Ms(0.07)));
        // A run slower than the emulated node shows as it is.
        Assert.Equal(Ms(0.8), pacer.Emulated(Ms(0.8)));
    }

    [Fact]
    public void WithoutCalibrationEachRunIsStretchedAndFastNodesRunAsTheyAre()
    {
        Assert.Equal(Ms(2), new ComputePacer(0.25).Emulated(Ms(0.5)));
        Assert.Equal(Ms(0.5), new ComputePacer(2).Emulated(Ms(0.5)));
        Assert.Equal(Ms(0.5), new ComputePacer(double.NaN).Emulated(Ms(0.5)));
    }

    [Fact]
    public void AStageSessionOnASlowNodeLearnsItsTypicalTimeFromItsProfileOrFromWarmUp()
    {
        var model = TestModels.Full;
        using var profiled = new StageSession(model, speed: 0.2, typical: Ms(3));
        Assert.Equal(Ms(3), profiled.Pacer.Typical);
        Assert.Equal(Ms(15), profiled.Pacer.Emulated(Ms(0.1)));

        using var measured = new StageSession(model, speed: 0.2);
        Assert.True(measured.Pacer.Typical > TimeSpan.Zero);

        using var edge = new StageSession(model, speed: 1.0);
        Assert.Null(edge.Pacer.Typical);
    }
}

using Verge.Inference.Planning.InputWise;
using Verge.Net.Benchmarks.Tiles;

namespace Verge.Net.Tests.Tiles;

/// <summary>`verge bench tiles` reports every measured frame of every case, with its codec, radio and GC detail.</summary>
public sealed class TilesBenchFramesTests
{
    [Fact]
    public async Task EveryCaseCarriesOneEntryPerMeasuredFrame()
    {
        var options = SmallRun(speed: 1, helpers: 1, frames: 2);

        var report = await TilesBench.RunAsync(options, _ => { }, CancellationToken.None);

        Assert.NotEmpty(report.Cases);
        foreach (var c in report.Cases)
        {
            Assert.Equal(2, c.FrameMs.Count);
            Assert.Equal(c.TiledMs, (c.FrameMs[0] + c.FrameMs[1]) / 2, 9);
            var d = c.FrameDetail!;
            foreach (var series in new[] { d.DeviceCodecMs, d.HelperCodecMs, d.DeviceCodecHostMs, d.HelperCodecHostMs, d.RadioBusyMs, d.GcPauseMs })
                Assert.Equal(2, series.Count);
            Assert.Equal(2, d.Gen0Collections.Count);
            Assert.Equal(2, d.Gen2Collections.Count);
            Assert.Equal(2, d.ThreadPoolThreads.Count);
            // Fixed bands: a halo frame always crosses the radio (with work stealing the device may take every tile of a frame).
            if (c.Schedule.StartsWith("halo", StringComparison.Ordinal)) Assert.All(d.RadioBusyMs, ms => Assert.True(ms > 0));
        }
        // Only rows with 8-bit windows and zero-bitmap strips have codec work to pace.
        Assert.All(report.Cases.Where(c => !c.Schedule.EndsWith(TilesBench.PackedSuffix, StringComparison.Ordinal)), c => Assert.All(c.FrameDetail!.HelperCodecMs, ms => Assert.Equal(0, ms)));
        Assert.Contains(report.Cases, c => c.Schedule.EndsWith(TilesBench.PackedSuffix, StringComparison.Ordinal) && c.FrameDetail!.HelperCodecMs.All(ms => ms > 0));
        var halo = report.Cases.Single(c => c.Schedule == "halo" + TilesBench.PackedSuffix);
        Assert.True(halo.PredictedWithCodecMs > halo.PredictedMs, $"with the codec {halo.PredictedWithCodecMs} ms, without {halo.PredictedMs} ms");
    }

    [Fact]
    public async Task UnderAnEmulatedSpeedEveryChosenLayoutIsPredictedAgainWithItsTilesMeasuredTimes()
    {
        var options = SmallRun(speed: 0.5, helpers: 2, frames: 1);

        var report = await TilesBench.RunAsync(options, _ => { }, CancellationToken.None);

        // Each case ran device-only again, paced by the sitting its tiles were timed in.
        Assert.All(report.Cases, c => Assert.Equal(c.DeviceOnlyMs / c.TiledMs, c.Speedup, 9));
        var chosen = report.Cases.Where(c => c.PredictedMs is not null).ToList();
        Assert.NotEmpty(chosen);
        Assert.All(chosen, c => Assert.True(c.PredictedWithTileTimesMs > 0, $"{c.Schedule}: {c.PredictedWithTileTimesMs}"));
        Assert.All(report.Cases.Where(c => c.PredictedMs is null), c => Assert.Null(c.PredictedWithTileTimesMs));
    }

    [Fact]
    public void MeasuredSharesEqualToTheMacSharesRepredictTheChoosersTime()
    {
        var graph = TestZoo.Load("zoo:resnet-tiny");
        var options = new TilesBenchOptions { Speed = 0.1, LinkMbps = 100, RttMs = 2 };
        TileTiming Timing(FusedBlock b) => TilesBench.Timing(graph, b, 2, 4000, new Inference.Planning.MessageCost(0.5, 5), options);
        foreach (var chain in new[] { FusedChain.Choose(graph, FusedLayout.CandidateGrids, Timing)!, HaloChain.Choose(graph, FusedLayout.CandidateGrids, Timing)! })
        {
            var macShares = chain.Blocks.Select(l => (IReadOnlyList<double>)l.Tiles.Select(t => t.Macs / (double)TileShapes.BlockMacs(l.Block)).ToList()).ToList();
            Assert.Equal(chain.PredictedMs, TilesBench.Repredicted(chain, Timing, 0, macShares), 9);
            var slower = macShares.Select(b => (IReadOnlyList<double>)b.Select(s => s * 2).ToList()).ToList();
            Assert.True(TilesBench.Repredicted(chain, Timing, 0, slower) > chain.PredictedMs, $"{chain.Schedule} {chain.Grids}");
        }
    }

    [Fact]
    public void TheHaloChainWithAFreeCodecIsPredictedAsTheChooserPredictedIt()
    {
        var graph = TestZoo.Load("zoo:resnet-tiny");
        var options = new TilesBenchOptions { Speed = 0.1, LinkMbps = 100, RttMs = 2 };
        TileTiming Timing(FusedBlock b) => TilesBench.Timing(graph, b, 2, 4000, new Inference.Planning.MessageCost(0.5, 5), options);
        var chain = HaloChain.Choose(graph, FusedLayout.CandidateGrids, Timing)!;

        Assert.Equal(chain.PredictedMs, TilesBench.Repredicted(chain, Timing, 0), 9);
        Assert.Contains(chain.Blocks, b => b.Helpers > 0);
        Assert.True(TilesBench.Repredicted(chain, Timing, 1e-4) > chain.PredictedMs, $"{chain.Grids}: {TilesBench.Repredicted(chain, Timing, 1e-4)} vs {chain.PredictedMs}");
    }

    /// <summary>resnet-tiny on a 2×2 grid with the 8-bit camera frame, a fast radio and no RTT: every kind of case, quickly.</summary>
    private static TilesBenchOptions SmallRun(double speed, int helpers, int frames) => new()
    {
        Models = [TestZoo.Load("zoo:resnet-tiny")], Grids = [new TileGrid(2, 2)], HelperCounts = [helpers], Speed = speed, LinkMbps = 1000, RttMs = 0, Frames = frames,
        U8Input = new ImageNormalization([0.286f], [0.353f]),
    };
}

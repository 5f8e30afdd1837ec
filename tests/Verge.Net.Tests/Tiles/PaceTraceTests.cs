using Verge.Net.Hosting;
using Verge.Net.Links;
using Verge.Net.Stages;
using Verge.Net.Tiles;

namespace Verge.Net.Tests.Tiles;

/// <summary>The trace is process-wide, so its tests run alone (another test's paced stages would land in it).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PaceTraceCollection
{
    public const string Name = "pace trace";
}

[Collection(PaceTraceCollection.Name)]
public sealed class PaceTraceTests
{
    [Fact]
    public async Task AHaloFrameIsTracedWithOneComputeSpanPerTileAndOneCallPerHelperTile()
    {
        var graph = TwoBlockChains.Load("zoo:resnet-tiny");
        var plans = TwoBlockChains.Chain(graph, 2);
        var image = Enumerable.Range(0, (int)plans[0].Block.InputInfo.Elements).Select(i => (float)Math.Cos(i * 0.03)).ToArray();
        var hosts = new List<NodeHost>();
        for (int i = 0; i < 2; i++) hosts.Add(await NodeHost.StartAsync(new NodeHostOptions("edge") { Name = $"traced{i}", Speed = 0.5 }));
        try
        {
            var options = new TileRunOptions { Link = LinkParameters.FromMbps(1000, 0), DeviceTakesTiles = true, DeviceSpeed = 0.5, HaloExchange = true };
            await using var runner = await TileRunner.StartAsync(plans, hosts.Select(h => new TileHelper(h.Options.NodeName, h.Url)).ToList(), options);
            await runner.RunAsync(image, 0);
            var trace = new PaceTrace(4096);
            var frames = new List<TileFrame>();
            for (int f = 1; f <= 2; f++)
            {
                trace.BeginFrame(f);
                PaceTrace.Current = trace;
                try { frames.Add(await runner.RunAsync(image, f)); }
                finally { PaceTrace.Current = null; }
                trace.EndFrame();
            }

            var events = trace.Events.ToArray();
            Assert.Equal(0, trace.Dropped);
            Assert.Equal([1L, 2L], trace.Frames.Select(f => f.Frame));
            int tiles = plans.Sum(p => p.Tiles.Count);
            foreach (var (frame, got) in frames.Select((g, i) => (i + 1L, g)))
            {
                var of = events.Where(e => e.Frame == frame).ToList();
                // Every tile computed once, on the device or on a helper, and every helper tile called once.
                Assert.Equal(tiles, of.Count(e => e.Kind == PaceKind.Compute && e.Label != "rest"));
                Assert.Equal(got.TilesOnDevice, of.Count(e => e.Kind == PaceKind.Compute && e.Node == PaceTraceNodes.Device && e.Label != "rest"));
                Assert.Equal(got.TilesPerHelper.Values.Sum(), of.Count(e => e.Kind == PaceKind.Call));
                Assert.Contains(of, e => e.Kind == PaceKind.Uplink);
                Assert.Contains(of, e => e.Kind == PaceKind.Downlink);
                // A paced wait never ends before its target.
                Assert.All(of.Where(e => e.Target > e.HostEnd), e => Assert.True(e.Woke >= e.Target));
            }
        }
        finally
        {
            foreach (var h in hosts) await h.DisposeAsync();
        }
    }

    [Fact]
    public void EqualTilesOfABlockArePacedByOneTimeAndAnUnpacedDeviceTimesNone()
    {
        var plans = TwoBlockChains.Chain(TwoBlockChains.Load("vgg-mini"), 2);
        var options = new TileRunOptions { DeviceSpeed = 0.5 };

        var times = TileTypicalTimes.Measure(plans, options)!;
        Assert.Equal(plans.Select(p => p.Tiles.Count), times.Select(t => t.Length));
        for (int b = 0; b < plans.Count; b++)
            foreach (var same in plans[b].Tiles.GroupBy(t => (t.Input.Rows.Length, t.Input.Cols.Length, t.Macs)))
                Assert.Single(same.Select(t => times[b][t.Index]).Distinct());
        Assert.All(times.SelectMany(t => t), t => Assert.True(t > TimeSpan.Zero));
        Assert.Null(TileTypicalTimes.Measure(plans, options with { DeviceSpeed = 1 }));
    }

    [Fact]
    public void TheWholeModelIsTimedInTheTilesSittingWhenAsked()
    {
        var graph = TwoBlockChains.Load("vgg-mini");
        var plans = TwoBlockChains.Chain(graph, 2);
        var input = new Wire.FloatTensor(graph.Inputs[0].Name, graph.Inputs[0].Shape, new float[graph.Inputs[0].Elements]);

        var sitting = TileTypicalTimes.Measure(plans, new TileRunOptions { DeviceSpeed = 0.5 }, (graph.ToBytes(), input))!;
        Assert.True(sitting.Whole > TimeSpan.Zero, $"whole model {sitting.Whole}");
        Assert.Equal(plans.Select(p => p.Tiles.Count), sitting.Tiles.Select(t => t.Length));
        Assert.All(sitting.Tiles.SelectMany(t => t), t => Assert.True(t > TimeSpan.Zero));
        Assert.Null(TileTypicalTimes.Measure(plans, new TileRunOptions { DeviceSpeed = 0.5 }, null)!.Whole);
    }

    [Fact]
    public async Task APacedComputeEndsAtItsStartPlusTheEmulatedTimeNotAfterAFullWaitFromALateCall()
    {
        var pacer = new ComputePacer(0.5);
        pacer.Calibrate([TimeSpan.FromMilliseconds(2)]);
        var trace = new PaceTrace(8);
        trace.BeginFrame(1);
        PaceTrace.Current = trace;
        try
        {
            using var scope = PaceTrace.Scope("paced");
            // The run took 1 ms here; the node takes 4 ms from the run's start, so 3 ms are left to wait.
            await pacer.StretchAsync(TimeSpan.FromMilliseconds(1));
            pacer.Stretch(TimeSpan.FromMilliseconds(1));
        }
        finally { PaceTrace.Current = null; }
        trace.EndFrame();

        var spans = trace.Events.ToArray().Where(e => e.Node == "paced").ToList();
        Assert.Equal(2, spans.Count);
        long fourMs = PreciseDelay.Ticks(TimeSpan.FromMilliseconds(4));
        Assert.All(spans, e =>
        {
            Assert.InRange(e.Target - e.Start, fourMs - 2, fourMs + 2);
            Assert.True(e.Woke >= e.Target);
        });
    }
}

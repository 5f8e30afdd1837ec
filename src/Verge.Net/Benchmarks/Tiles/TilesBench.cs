using Verge.Core.Statistics;
using Verge.Inference.Graph;
using Verge.Inference.Planning.InputWise;
using Verge.Net.Hosting;
using Verge.Net.Links;
using Verge.Net.Stages;
using Verge.Net.Tiles;

namespace Verge.Net.Benchmarks.Tiles;

/// <summary>
/// Fused Tile Partitioning measured over loopback gRPC (DeepThings, Zhao et al., TCAD 2018, §VI): for each model the
/// device-only latency (the whole model on one emulated node), then for each grid and helper count the tiled
/// latency (tiles over the shared device radio to helpers of the same speed, the rest on the device), the outputs
/// against the whole model, and peak activation memory per node. The fused block is <see cref="FusedDepth"/>'s
/// choice, the same for all grids of a model. Then, per helper count, the latency-optimal layout
/// (<see cref="FusedLayout"/>: depth × grid by the latency model, the device taking tiles too), its node costs from
/// the measured device-only time split by MACs and the RPC stack's cost per message measured on loopback. Then the
/// latency-optimal chain of blocks twice: the device stitching and re-tiling every map (<see cref="FusedChain"/>, "chain"),
/// and under halo exchange (<see cref="HaloChain"/>, "halo": helpers keep their bands, only halos cross the radio).
/// </summary>
public static partial class TilesBench
{
    public static async Task<TilesBenchReport> RunAsync(TilesBenchOptions options, Action<string> progress, CancellationToken ct)
    {
        var cases = new List<TilesCase>();
        var zeroShares = new Dictionary<string, IReadOnlyDictionary<string, double>>(StringComparer.Ordinal);
        var ends = new Dictionary<string, string>(StringComparer.Ordinal);
        var modelDeviceOnly = new Dictionary<string, double>(StringComparer.Ordinal);
        TilesCase? mixed = null;
        int maxHelpers = options.HelperCounts.Max();
        var hosts = new List<NodeHost>();
        try
        {
            for (int i = 0; i < maxHelpers; i++)
                hosts.Add(await NodeHost.StartAsync(new NodeHostOptions("edge") { Name = $"helper{i + 1}", Speed = options.Speed }, ct));
            var message = await MessageCostAsync(ct);
            progress($"RPC stack per message: {message}");
            foreach (var graph in options.Models)
            {
                var block = Block(graph, options.Grids);
                ends[graph.Source] = block.Output;
                var image = Image(block.InputInfo);
                // Under a declared 8-bit input every row runs the camera frame (the float rows its normalised values).
                var frame = options.U8Input is null ? null : await U8FrameAsync(graph, options.U8Input, ct);
                if (frame is not null) image = options.U8Input!.Normalize(frame, graph.Inputs[0].Shape[1], graph.Inputs[0].Shape[2] * graph.Inputs[0].Shape[3]);
                var (whole, deviceMs) = await DeviceOnlyAsync(graph, image, options, frame, ct);
                modelDeviceOnly[graph.Source] = deviceMs;
                progress($"{graph.Source}: block ends at {block.Output} {block.OutputInfo.ShapeText}; device-only {deviceMs:F1} ms");
                foreach (var grid in options.Grids)
                {
                    var plan = FusedTilePartitioner.Partition(block, grid);
                    foreach (var n in options.HelperCounts)
                    {
                        var c = await MeasureAsync(graph, plan, hosts.Take(n).ToList(), image, whole, deviceMs, options, ct);
                        cases.Add(c);
                        progress($"  {grid} × {n} helpers: {c.TiledMs:F1} ms, speedup {c.Speedup:F2}, memory {c.PeakMemoryRatio:F2}, tiles [{string.Join(",", c.TilesPerHelper)}]");
                    }
                }
                foreach (var n in options.HelperCounts)
                {
                    TileTiming Priced(FusedBlock b) => Timing(graph, b, n, deviceMs, message, options);
                    var layout = FusedLayout.Choose(graph, FusedLayout.CandidateGrids, Priced)!;
                    var plan = FusedTilePartitioner.Partition(layout.Block, layout.Grid);
                    var c = WithTileTimes(await MeasureAsync(graph, plan, hosts.Take(layout.Helpers).ToList(), image, whole, deviceMs, options, ct, layout.Predicted.LatencyMs, n),
                        new FusedChain([layout], Priced(layout.Block).RestMs), Priced);
                    cases.Add(c);
                    progress($"  latency-optimal × {n} helpers: {layout.Grid} ending at {layout.Block.Output}, predicted {c.PredictedMs:F1} ms, measured {c.TiledMs:F1} ms, speedup {c.Speedup:F2}, tiles [{string.Join(",", c.TilesPerHelper)}]");
                }
                foreach (var n in options.HelperCounts)
                {
                    TileTiming Priced(FusedBlock b) => Timing(graph, b, n, deviceMs, message, options);
                    var chain = FusedChain.Choose(graph, FusedLayout.CandidateGrids, Priced)!;
                    progress($"  chain × {n} helpers: {chain.Grids} ending at {chain.Ends}, predicted {chain.PredictedMs:F1} ms");
                    // One block is the latency-optimal layout above, already measured.
                    if (chain.Blocks.Count < 2) continue;
                    var c = WithTileTimes(await MeasureAsync(graph, FusedTilePartitioner.Partition(chain), hosts.Take(chain.Blocks.Max(b => b.Helpers)).ToList(), image, whole, deviceMs, options, ct,
                        chain.PredictedMs, n, chain.Blocks.Select(b => b.Helpers).ToList()), chain, Priced);
                    cases.Add(c);
                    progress($"  chain × {n} helpers: measured {c.TiledMs:F1} ms, speedup {c.Speedup:F2}, tiles [{string.Join(",", c.TilesPerHelper)}]");
                }
                foreach (var n in options.HelperCounts)
                {
                    TileTiming Priced(FusedBlock b) => Timing(graph, b, n, deviceMs, message, options);
                    var halo = HaloChain.Choose(graph, FusedLayout.CandidateGrids, Priced)!;
                    progress($"  halo chain × {n} helpers: {halo.Grids} ending at {halo.Ends}, predicted {halo.PredictedMs:F1} ms");
                    int restarts = 0;
                    var c = await MeasureAsync(graph, FusedTilePartitioner.Partition(halo), hosts.Take(halo.Blocks.Max(b => b.Helpers)).ToList(), image, whole, deviceMs, options, ct,
                        halo.PredictedMs, n, halo.Blocks.Select(b => b.Helpers).ToList(), haloRestarts: k => restarts = k);
                    c = WithTileTimes(c, halo, Priced);
                    cases.Add(c);
                    progress($"  halo chain × {n} helpers: measured {c.TiledMs:F1} ms, speedup {c.Speedup:F2}, radio {c.UplinkKbPerFrame:F1} KiB/frame, tiles [{string.Join(",", c.TilesPerHelper)}], frames restarted with full crops {restarts}");
                }
                if (frame is not null)
                {
                    var shares = U8Frames.ZeroShares(graph, image);
                    zeroShares[graph.Source] = shares;
                    progress($"  zero share per block boundary (camera frame): {string.Join(", ", shares.Select(z => $"{z.Key} {z.Value:P0}"))}");
                    var bytes = new RadioValueBytes(graph.Inputs[0].Name, shares);
                    await PackedCasesAsync(graph, bytes, hosts, frame, whole, deviceMs, message, options, cases, progress, ct);
                }
            }
            mixed = await HeterogeneousAsync(options, hosts, ct);
        }
        finally
        {
            foreach (var h in hosts) await h.DisposeAsync();
        }
        var settings = new TilesBenchOptionsView(options.Speed, options.LinkMbps, options.RttMs, options.Frames, ends);
        return new TilesBenchReport(settings, cases, mixed, Acceptance(cases)) { ZeroShares = zeroShares, ModelDeviceOnlyMs = modelDeviceOnly };
    }

    /// <summary>Paced spans a case's trace holds (a few hundred per frame).</summary>
    private const int TraceCapacity = 1 << 17;

    /// <summary>The fused depth for a model (see <see cref="FusedDepth"/>): the same block for every grid.</summary>
    public static FusedBlock Block(ModelGraph graph, IReadOnlyList<TileGrid> grids) => FusedDepth.Choose(graph, grids);

    /// <summary>
    /// The latency model's setting for <paramref name="helpers"/> equal helpers: every node's time split from the measured
    /// device-only run by MACs (all nodes run at the same speed), the radio as given, the RPC stack's cost per message.
    /// </summary>
    public static TileTiming Timing(ModelGraph graph, FusedBlock block, int helpers, double deviceMs, Inference.Planning.MessageCost message, TilesBenchOptions options)
    {
        double total = Math.Max(1, graph.Nodes.Sum(n => n.Macs));
        double blockMs = deviceMs * TileShapes.BlockMacs(block) / total;
        double restMs = deviceMs * graph.Nodes.Where(n => n.Index > block.Nodes[^1]).Sum(n => n.Macs) / total;
        return new TileTiming(Enumerable.Repeat(blockMs, helpers).ToList(), blockMs, restMs,
            Core.Units.Bandwidth.FromMbps(options.LinkMbps), options.RttMs, message);
    }

    /// <summary>What one gRPC message costs beyond the link, measured against a node at this host's speed (no pacing in it).</summary>
    private static async Task<Inference.Planning.MessageCost> MessageCostAsync(CancellationToken ct)
    {
        await using var probe = await NodeHost.StartAsync(new NodeHostOptions("edge") { Name = "calibration" }, ct);
        return await Execution.TransportCalibration.MeasureAsync(probe.Url, ct: ct);
    }

    /// <param name="typical">The whole model's time on this host from the sitting the tiles were timed in; null: the session's own warm-up.</param>
    private static async Task<(Dictionary<string, float[]> Outputs, double Ms)> DeviceOnlyAsync(ModelGraph graph, float[] image, TilesBenchOptions options,
        byte[]? frame = null, CancellationToken ct = default, TimeSpan? typical = null)
    {
        // The same pacing as the tiled rows (waits on the one pacing clock, no thread held).
        // An 8-bit frame is normalised on the device first, at the device's speed.
        var pacer = new ComputePacer(options.Speed);
        var shape = graph.Inputs[0].Shape;
        using var session = new StageSession(graph.ToBytes(), speed: options.Speed, typical: typical);
        var input = new Wire.FloatTensor(graph.Inputs[0].Name, graph.Inputs[0].Shape, image);
        var outputs = (await session.RunAsync([input], ct)).ToDictionary(t => t.Name, t => t.Data, StringComparer.Ordinal);
        var times = new List<double>();
        for (int f = 0; f < options.Frames; f++)
        {
            long start = System.Diagnostics.Stopwatch.GetTimestamp();
            if (frame is not null)
            {
                input = new Wire.FloatTensor(graph.Inputs[0].Name, shape, options.U8Input!.Normalize(frame, shape[1], shape[2] * shape[3]));
                await pacer.StretchAsync(System.Diagnostics.Stopwatch.GetElapsedTime(start), ct);
            }
            await session.RunAsync([input], ct);
            times.Add(System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        return (outputs, Stats.Median(times));
    }

    /// <summary>
    /// One case: <paramref name="deviceMs"/> is the model's device-only time as the latency model used it; under an emulated
    /// speed the case runs device-only again, paced by the sitting its tiles were timed in, and compares with that.
    /// </summary>
    private static Task<TilesCase> MeasureAsync(ModelGraph graph, FusedTilePlan plan, IReadOnlyList<NodeHost> hosts, float[] image,
        Dictionary<string, float[]> whole, double deviceMs, TilesBenchOptions options, CancellationToken ct, double? predictedMs = null, int? offered = null) =>
        MeasureAsync(graph, [plan], hosts, image, whole, deviceMs, options, ct, predictedMs, offered);

    private static async Task<TilesCase> MeasureAsync(ModelGraph graph, IReadOnlyList<FusedTilePlan> plans, IReadOnlyList<NodeHost> hosts, float[] image,
        Dictionary<string, float[]> whole, double deviceMs, TilesBenchOptions options, CancellationToken ct, double? predictedMs = null, int? offered = null,
        IReadOnlyList<int>? helpersPerBlock = null, Action<int>? haloRestarts = null, byte[]? frame = null, bool halo = false)
    {
        // A halo case reports the frames that halo exchange could not finish (they ran again with full crops).
        bool haloExchange = haloRestarts is not null || halo;
        // A predicted case is a latency-optimal layout, which counts on the device taking tiles too.
        bool deviceWorks = predictedMs is not null;
        var helpers = hosts.Select(h => new TileHelper(h.Options.NodeName, h.Url)).ToList();
        var run = new TileRunOptions
        {
            Link = LinkParameters.FromMbps(options.LinkMbps, options.RttMs), DeviceSpeed = options.Speed, DeviceTakesTiles = deviceWorks, HelpersPerBlock = helpersPerBlock,
            HaloExchange = haloExchange, U8Input = frame is null ? null : options.U8Input, PackStrips = frame is not null,
        };
        // The tiles and the whole model timed in one sitting; this case's device-only run is paced by the same sitting.
        // (A row that runs the camera frame gets no float image: the whole model reads the frame normalised.)
        var shape = graph.Inputs[0].Shape;
        var wholeImage = frame is null ? image : options.U8Input!.Normalize(frame, shape[1], shape[2] * shape[3]);
        var sitting = TileTypicalTimes.Measure(plans, run, (graph.ToBytes(), new Wire.FloatTensor(graph.Inputs[0].Name, shape, wholeImage)));
        if (sitting is not null)
        {
            deviceMs = (await DeviceOnlyAsync(graph, wholeImage, options, frame, ct, sitting.Whole)).Ms;
            run = run with { TypicalTimes = sitting.Tiles };
        }
        await using var runner = await TileRunner.StartAsync(plans, helpers, run, ct);
        Task<TileFrame> Run(long f) => frame is null ? runner.RunAsync(image, f, ct) : runner.RunAsync(frame, f, ct);
        var first = await Run(0);
        long sentBefore = runner.Link.BytesSent + runner.Link.BytesReceived;
        var times = new List<double>();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        int onDevice = 0;
        var meter = new TilesFrameMeter(runner, hosts.Select(h => h.HaloStore.Codec).ToList(), options.LinkMbps);
        // Every paced span of every measured frame (PaceTrace): its summary goes into frame_detail, the spans to --trace.
        var trace = new PaceTrace(TraceCapacity);
        for (int f = 1; f <= options.Frames; f++)
        {
            trace.BeginFrame(f);
            PaceTrace.Current = trace;
            meter.Start();
            TileFrame one;
            try { one = await Run(f); }
            finally { PaceTrace.Current = null; }
            trace.EndFrame();
            meter.Stop(trace);
            times.Add(one.Latency.TotalMilliseconds);
            foreach (var (name, k) in one.TilesPerHelper) counts[name] = counts.GetValueOrDefault(name) + k;
            onDevice += one.TilesOnDevice;
        }
        double kb = (runner.Link.BytesSent + runner.Link.BytesReceived - sentBefore) / 1024.0 / options.Frames;
        haloRestarts?.Invoke(runner.HaloRestarts);
        double tiledMs = Stats.Median(times);
        var diff = whole.Max(p => MaxRelativeDifference(p.Value, first.Outputs[p.Key]));
        // A chain's memory is its worst block's; its MACs overhead is over all its blocks.
        var worst = plans.MaxBy(p => p.PeakMemoryRatio)!;
        long tilePeak = worst.Tiles.Max(t => t.PeakActivationBytes);
        double macs = plans.Sum(p => p.Tiles.Sum(t => (double)t.Macs)) / Math.Max(1, plans.Sum(p => (double)TileShapes.BlockMacs(p.Block)));
        // Helpers the latency-optimal layout leaves idle count as offered, with no tiles.
        int idle = (offered ?? hosts.Count) - hosts.Count;
        string schedule = (haloExchange ? "halo" : !deviceWorks ? "fixed" : plans.Count > 1 ? "chain" : "latency") + (frame is null ? "" : PackedSuffix);
        return new TilesCase(graph.Source, string.Join("+", plans.Select(p => p.Grid)), offered ?? hosts.Count, diff, worst.PeakMemoryRatio, deviceMs / tiledMs, deviceMs, tiledMs,
            macs, worst.BlockPeakActivationBytes, tilePeak,
            [.. helpers.Select(h => counts.GetValueOrDefault(h.Name)), .. Enumerable.Repeat(0, idle), .. deviceWorks ? [onDevice] : Array.Empty<int>()], kb,
            schedule, string.Join(" → ", plans.Select(p => p.Block.Output)), predictedMs)
        { FrameMs = times, FrameDetail = meter.Detail, Trace = trace, TileShares = sitting is null ? null : Shares(graph, plans, sitting) };
    }

    /// <summary>Work stealing on the finest grid: three helpers, the third 3× slower than the others; the fast ones should take most tiles.</summary>
    private static async Task<TilesCase?> HeterogeneousAsync(TilesBenchOptions options, List<NodeHost> fast, CancellationToken ct)
    {
        if (options.Models.Count == 0 || fast.Count < 2) return null;
        await using var slow = await NodeHost.StartAsync(new NodeHostOptions("edge") { Name = "slow-helper", Speed = options.Speed / 3 }, ct);
        var graph = options.Models[0];
        var grid = options.Grids.MaxBy(g => g.Count)!;
        var plan = FusedTilePartitioner.Partition(Block(graph, options.Grids), grid);
        var image = Image(plan.Block.InputInfo);
        var (whole, deviceMs) = await DeviceOnlyAsync(graph, image, options, ct: ct);
        return await MeasureAsync(graph, plan, [fast[0], fast[1], slow], image, whole, deviceMs, options, ct);
    }

    private static float[] Image(TensorInfo input)
    {
        var rng = new Random(11);
        return Enumerable.Range(0, (int)input.Elements).Select(_ => rng.NextSingle()).ToArray();
    }

    /// <summary>Largest |a − b| over the largest |a|.</summary>
    public static double MaxRelativeDifference(float[] expected, float[] actual)
    {
        double scale = Math.Max(1e-12, expected.Max(v => Math.Abs((double)v)));
        return expected.Zip(actual).Max(p => Math.Abs((double)p.First - p.Second)) / scale;
    }
}

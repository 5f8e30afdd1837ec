using Verge.Core.Spec;
using Verge.Core.Statistics;
using Verge.Inference.Graph;
using Verge.Inference.Planning;
using Verge.Inference.Planning.InputWise;
using Verge.Net.Hosting;
using Verge.Net.Links;
using Verge.Net.Running;
using Verge.Net.Security;
using Verge.Net.Stages;

namespace Verge.Net.Tiles;

/// <summary>
/// Runs a spec's input-wise plan: each helper as a stage node on loopback at its spec'd speed, the device's radio
/// shaped as its link to the first helper, the planner's blocks and grids (<see cref="FusedChain"/>) through a
/// <see cref="TileRunner"/> (the device taking tiles too when the planner counted on it), and every frame's outputs
/// held against the whole model run on the device.
/// </summary>
public static class InputWiseRun
{
    public static async Task<InputWiseReport> RunAsync(DeploymentSpec spec, ModelGraph graph, Plan plan, FusedChain chain, bool deviceTakesTiles,
        int frames, int threads, ClientSecurity security, CancellationToken ct)
    {
        var topology = spec.Topology;
        var device = topology.Device;
        var tiles = FusedTilePartitioner.Partition(chain);
        var radio = topology.Path(device.Name, topology.Helpers[0].Name)![0];
        var inputs = await FrameInputs.CreateAsync(spec.App.Input, graph, spec.Source, ct);
        // A declared 8-bit input: the frames are bytes, their windows cross the radio so, and strips go zero-bitmap packed.
        var u8 = U8Frames.Normalization(spec, graph);
        var frameBytes = U8Frames.Create(spec.App.Input, graph.Inputs[0]);
        var hosts = new List<NodeHost>();
        try
        {
            foreach (var helper in topology.Helpers.Take(chain.Blocks.Max(b => b.Helpers)))
                hosts.Add(await NodeHost.StartAsync(new NodeHostOptions("edge", Threads: threads) { Name = helper.Name, Speed = helper.Speed }, ct));
            var options = new TileRunOptions
            {
                Link = new LinkParameters(radio.Bandwidth.BitsPerSecond, radio.Rtt),
                DeviceSpeed = device.Speed,
                Security = security,
                Threads = threads,
                DeviceTakesTiles = deviceTakesTiles,
                HaloExchange = chain.HaloExchange,
                HelpersPerBlock = chain.Blocks.Select(b => b.Helpers).ToList(),
                U8Input = u8,
                PackStrips = u8 is not null,
            };
            await using var runner = await TileRunner.StartAsync(tiles, hosts.Select(h => new TileHelper(h.Options.NodeName, h.Url)).ToList(), options, ct);
            using var whole = new StageSession(graph.ToBytes(), intraOpThreads: threads);
            var times = new List<double>();
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            var peaks = new Dictionary<string, long>(StringComparer.Ordinal);
            double diff = 0;
            int onDevice = 0;
            for (int f = 0; f <= frames; f++)
            {
                var input = inputs(f);
                TileFrame frame;
                if (u8 is null) frame = await runner.RunAsync(input[0].Data, f, ct);
                else
                {
                    var bytes = frameBytes(f);
                    var shape = graph.Inputs[0].Shape;
                    input = [new Wire.FloatTensor(graph.Inputs[0].Name, shape, u8.Normalize(bytes, shape[1], shape[2] * shape[3]))];
                    frame = await runner.RunAsync(bytes, f, ct);
                }
                foreach (var reference in whole.Run(input))
                    diff = Math.Max(diff, MaxRelativeDifference(reference.Data, frame.Outputs[reference.Name]));
                if (f == 0) continue; // the first frame warms connections and sessions
                times.Add(frame.Latency.TotalMilliseconds);
                onDevice += frame.TilesOnDevice;
                foreach (var (name, k) in frame.TilesPerHelper) counts[name] = counts.GetValueOrDefault(name) + k;
                foreach (var (name, b) in frame.PeakActivationBytesPerHelper) peaks[name] = Math.Max(peaks.GetValueOrDefault(name), b);
            }
            peaks[device.Name] = DevicePeak(graph, tiles, deviceTakesTiles);
            return new InputWiseReport(plan, chain.Grids, chain.Ends, frames, Stats.Median(times), Stats.Percentile(times, 95), diff,
                counts, peaks, ActivationMemory.Peak(graph.Proto.Graph, t => graph.Tensors[t].Bytes), onDevice);
        }
        finally
        {
            foreach (var h in hosts) await h.DisposeAsync();
        }
    }

    /// <summary>
    /// Per block, the device holds the block's input map, the stitched output (and a tile's activations when it takes
    /// tiles); then it runs the rest after the last block.
    /// </summary>
    private static long DevicePeak(ModelGraph graph, IReadOnlyList<FusedTilePlan> plans, bool takesTiles)
    {
        long blocks = plans.Max(p => p.Block.InputInfo.Bytes + p.Block.OutputInfo.Bytes + (takesTiles ? p.Tiles.Max(t => t.PeakActivationBytes) : 0));
        long rest = plans[^1].Rest is not { } r ? 0 : ActivationMemory.Peak(r.Model.Graph, t => graph.Tensors[t].Bytes);
        return Math.Max(blocks, rest);
    }

    private static double MaxRelativeDifference(float[] expected, float[] actual)
    {
        double scale = Math.Max(1e-12, expected.Max(v => Math.Abs((double)v)));
        return expected.Zip(actual).Max(p => Math.Abs((double)p.First - p.Second)) / scale;
    }
}

using Verge.Inference.Graph;
using Verge.Inference.Planning;
using Verge.Inference.Planning.InputWise;
using Verge.Net.Hosting;

namespace Verge.Net.Benchmarks.Tiles;

/// <summary>
/// The rows with fewer bytes per value on the radio, both lossless: the camera's 8-bit frame, whose first-block windows
/// cross as bytes (<see cref="ImageNormalization"/>), and zero-bitmap strips of the post-ReLU maps between blocks
/// (<see cref="ZeroBitmap"/>). The latency model prices every map so (<see cref="RadioValueBytes"/>: the zero shares
/// measured on the same frame), chooses the layouts again, and each runs with both levers on.
/// </summary>
public static partial class TilesBench
{
    /// <summary>Appended to a row's schedule when it ran with 8-bit windows and zero-bitmap strips.</summary>
    public const string PackedSuffix = " u8+zb";

    private static async Task<byte[]> U8FrameAsync(ModelGraph graph, ImageNormalization u8, CancellationToken ct)
    {
        u8.Check(graph.Inputs[0], graph.Source);
        return await CameraFrame.CreateAsync(graph.Inputs[0], ct);
    }

    private static async Task PackedCasesAsync(ModelGraph graph, RadioValueBytes bytes, List<NodeHost> hosts, byte[] frame, Dictionary<string, float[]> whole,
        double deviceMs, MessageCost message, TilesBenchOptions options, List<TilesCase> cases, Action<string> progress, CancellationToken ct)
    {
        var image = Array.Empty<float>();
        foreach (var n in options.HelperCounts)
        {
            TileTiming Priced(FusedBlock b) => bytes.Apply(Timing(graph, b, n, deviceMs, message, options), b);
            var layout = FusedLayout.Choose(graph, FusedLayout.CandidateGrids, Priced)!;
            var chain = FusedChain.Choose(graph, FusedLayout.CandidateGrids, Priced)!;
            var halo = HaloChain.Choose(graph, FusedLayout.CandidateGrids, Priced)!;
            progress($"  u8+zb × {n} helpers: one block {layout.Grid} predicted {layout.Predicted.LatencyMs:F1} ms; chain {chain.Grids} predicted {chain.PredictedMs:F1} ms; halo {halo.Grids} ending at {halo.Ends}, predicted {halo.PredictedMs:F1} ms");
            var one = await MeasureAsync(graph, [FusedTilePartitioner.Partition(layout.Block, layout.Grid)], hosts.Take(layout.Helpers).ToList(), image, whole, deviceMs, options, ct,
                layout.Predicted.LatencyMs, n, frame: frame);
            cases.Add(WithTileTimes(one, new FusedChain([layout], Priced(layout.Block).RestMs), Priced));
            if (chain.Blocks.Count > 1)
                cases.Add(WithTileTimes(await MeasureAsync(graph, FusedTilePartitioner.Partition(chain), hosts.Take(chain.Blocks.Max(b => b.Helpers)).ToList(), image, whole, deviceMs, options, ct,
                    chain.PredictedMs, n, chain.Blocks.Select(b => b.Helpers).ToList(), frame: frame), chain, Priced));
            var c = await MeasureAsync(graph, FusedTilePartitioner.Partition(halo), hosts.Take(halo.Blocks.Max(b => b.Helpers)).ToList(), image, whole, deviceMs, options, ct,
                halo.PredictedMs, n, halo.Blocks.Select(b => b.Helpers).ToList(), frame: frame, halo: true);
            // The latency model charges no codec time when it chooses; the same chain again with the codec's cost per value as this case measured it.
            if (c.FrameDetail?.CodecMsPerValue is { } rate) c = c with { PredictedWithCodecMs = Repredicted(halo, Priced, rate) };
            c = WithTileTimes(c, halo, Priced);
            cases.Add(c);
            progress($"  u8+zb × {n} helpers: one block {one.TiledMs:F1} ms ({one.UplinkKbPerFrame:F0} KiB/frame); halo measured {c.TiledMs:F1} ms ({c.FrameMs.Min():F0}–{c.FrameMs.Max():F0}), speedup {c.Speedup:F2}, radio {c.UplinkKbPerFrame:F1} KiB/frame, predicted with the codec's time {c.PredictedWithCodecMs:F1} ms, with the tiles' measured times too {c.PredictedWithTileTimesMs:F1} ms");
        }
    }
}

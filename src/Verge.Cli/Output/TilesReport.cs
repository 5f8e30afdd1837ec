using System.Globalization;
using System.Text;
using Spectre.Console;
using Verge.Core.Files;
using Verge.Net.Benchmarks.Tiles;

namespace Verge.Cli.Output;

/// <summary>The tiles benchmark as a console table and as docs/results/many-nodes.md.</summary>
internal static class TilesReport
{
    private static readonly string[] Header = ["model", "layout", "grid", "block ends at", "helpers", "max rel diff", "peak memory / one device", "MACs ×", "device-only ms", "predicted ms (tiles as measured)", "tiled ms (min–max)", "speedup", "tiles per helper", "radio KiB/frame"];

    public static void Render(IAnsiConsole console, TilesBenchReport report)
    {
        var table = new Table().RoundedBorder();
        foreach (var h in Header) table.AddColumn(h);
        foreach (var c in Rows(report)) table.AddRow(c.Select(Markup.Escape).ToArray());
        console.Write(table);
        foreach (var line in report.Acceptance) console.MarkupLine(Markup.Escape(line));
    }

    public static void WriteMarkdown(string path, TilesBenchReport report, string command, string host, string? plot)
    {
        var s = report.Settings;
        var md = new StringBuilder();
        md.AppendLine(Begin).AppendLine("## Input-wise tiles (Fused Tile Partitioning, `verge bench tiles`)").AppendLine();
        md.AppendLine($"Command: `{command}`  ").AppendLine($"Host: {host}; host loaded (helpers running) unless re-run on an idle host.").AppendLine();
        md.AppendLine(Inv($"Every node (the device and each helper) computes at {s.Speed:G}× this host (ComputePacer); the device's radio is {s.LinkMbps:G} Mbit/s with {s.RttMs:G} ms RTT, shared by all helpers (tiles to and from every helper queue on it). "));
        md.AppendLine($"Helpers are `verge serve` stage nodes on loopback gRPC; every tile model is loaded on every helper and helpers take tiles from one queue (work stealing). Median of {s.Frames} frames after a warm-up (the fastest and slowest frame beside it). ");
        md.AppendLine("Peak memory is the largest tile's peak activation bytes (tensors live at once when run node by node, weights excluded) over the fused block's run whole on one node, from the exact shapes of the models ONNX Runtime runs, not process RSS. ");
        md.AppendLine("Layout `fixed`: the block `FusedDepth` picks for memory (it ends at: " + string.Join(", ", s.BlockEnds.Select(p => $"`{p.Key}` → `{p.Value}`")) + "), the grid given, helpers only. ");
        md.AppendLine("Layout `latency`: depth × grid (1×2 … 5×5) chosen by the latency model (`FusedLayout`: per-tile compute by MACs at the node's speed, each tile's input and output on the shared radio, the RPC stack's cost per message), and the device takes tiles from the same queue (its count is last under tiles per helper), as DeepThings' data source does. ");
        md.AppendLine("Layout `chain`: fused blocks in sequence (`FusedChain`: the latency model's shortest path over the maps that can end a block, each block on its own grid and helpers, the device stitching each block's map and tiling it again for the next; grids and block ends joined in block order, MACs × over all blocks, memory the worst block's); a model whose best chain is one block has no `chain` row (it is the `latency` row). ");
        md.AppendLine("Layout `halo`: a chain under halo exchange (`HaloChain`, `HaloSchedule`): every worker (the helpers and the device) owns the same band of tiles in every block and keeps what it computed, so between blocks only the strips of a map that a worker's next windows read outside its own band cross the radio, each way once, and the whole output only after the last block; no work stealing inside the chain. Radio KiB/frame counts every byte through the emulated radio, both ways. ");
        md.AppendLine("Under an emulated speed every row runs device-only again, paced by the same sitting its tiles were timed in (the whole model and every tile timed together, round after round, on this host), and its speedup is over that run; predicted ms in parentheses: the same layout by the latency model with each tile priced at its own time from that sitting instead of its share of the block's MACs (and, for `halo u8+zb`, the codec's measured time per value), which the chooser does not know when it chooses. ");
        if (report.ZeroShares.Count > 0)
        {
            md.AppendLine("Input declared 8-bit (`--input u8:…`): every row runs one camera frame (Fashion-MNIST test image 0 upscaled to the model's size and tinted, ±4 levels of seeded noise; `CameraFrame`), the float rows its normalised values, the device-only run normalising it on the device first. ");
            md.AppendLine("Layouts suffixed `u8+zb` are chosen again by the latency model with fewer bytes per value and run so: the first block's windows cross as 8-bit values, normalised by whoever computes the tile (the same float operations on both sides), and strips of post-ReLU maps both ways as a zero bitmap and the non-zero float32s when smaller (lossless); the codec's CPU time is paced at each node's speed. ");
            foreach (var (model, shares) in report.ZeroShares)
                md.AppendLine(Inv($"Zero share of the maps that can end a block, {model}, on the camera frame: ") + string.Join(", ", shares.Select(z => Inv($"`{z.Key}` {z.Value:P0}"))) + ". ");
        }
        md.AppendLine();
        md.AppendLine("| " + string.Join(" | ", Header) + " |");
        md.AppendLine("|" + string.Concat(Enumerable.Repeat("---|", Header.Length)));
        foreach (var row in Rows(report)) md.AppendLine("| " + string.Join(" | ", row) + " |");
        md.AppendLine();
        if (report.Heterogeneous is { } h)
            md.AppendLine($"Work stealing, {h.Model} {h.Grid}, helpers 1 and 2 at full speed and a third 3× slower: tiles taken per helper over all frames [{string.Join(", ", h.TilesPerHelper)}], speedup {h.Speedup:F2}.").AppendLine();
        md.AppendLine("### Acceptance (issue 15, tiles)").AppendLine();
        foreach (var line in report.Acceptance) md.AppendLine("- " + line);
        if (plot is not null) md.AppendLine().AppendLine($"![speedup and memory]({Path.GetFileName(plot)})");
        md.AppendLine(End);
        AtomicFile.WriteAllText(path, PageSection.Merge(path, md.ToString(), Begin, End, "# Many nodes\n\n"), "results page");
    }

    private const string Begin = "<!-- verge bench tiles: begin -->", End = "<!-- verge bench tiles: end -->";

    private static IEnumerable<string[]> Rows(TilesBenchReport report) => report.Cases.Select(c => new[]
    {
        c.Model, c.Schedule, c.Grid, c.BlockEnd, Inv($"{c.Helpers}"), Inv($"{c.MaxRelDiff:G2}"), Inv($"{c.PeakMemoryRatio:F2}"), Inv($"{c.MacsOverhead:F2}"),
        Inv($"{c.DeviceOnlyMs:F1}"), Predicted(c), Tiled(c), Inv($"{c.Speedup:F2}"), string.Join(",", c.TilesPerHelper), Inv($"{c.UplinkKbPerFrame:F1}"),
    });

    /// <summary>The latency model's figure as the chooser saw it, and in parentheses with every tile priced at its measured time.</summary>
    private static string Predicted(TilesCase c) => c.PredictedMs is not { } predicted ? "-"
        : c.PredictedWithTileTimesMs is { } measured ? Inv($"{predicted:F1} ({measured:F1})") : Inv($"{predicted:F1}");

    /// <summary>The median, and the fastest and slowest measured frame beside it (the JSON's frame_ms has every frame).</summary>
    private static string Tiled(TilesCase c) => c.FrameMs.Count < 2 ? Inv($"{c.TiledMs:F1}")
        : Inv($"{c.TiledMs:F1} ({c.FrameMs.Min():F0}–{c.FrameMs.Max():F0})");

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}

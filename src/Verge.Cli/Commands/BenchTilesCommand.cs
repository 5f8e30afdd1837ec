using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Verge.Cli.Options;
using Verge.Cli.Output;
using Verge.Core.Errors;
using Verge.Inference.Graph;
using Verge.Inference.Planning.InputWise;
using Verge.Inference.Zoo;
using Verge.Learning.Export;
using Verge.Learning.Models;
using Verge.Net.Benchmarks.Tiles;

namespace Verge.Cli.Commands;

/// <summary>
/// `verge bench tiles`: Fused Tile Partitioning (DeepThings) over loopback gRPC — speedup and peak activation
/// memory against helpers (1–6) and grid (2×2 … 5×5) at emulated device speeds; docs/results/many-nodes.md + PNG.
/// </summary>
internal static class BenchTilesCommand
{
    public static Command Create(ModelZoo zoo)
    {
        var d = new TilesBenchOptions();
        var models = new Option<string[]>("--model") { Description = "CNNs to tile (repeatable): zoo names, files, or a trainable name (vgg-mini, exported with seeded weights); default zoo:resnet-tiny, vgg-mini", HelpName = "MODEL" };
        var grids = new Option<string>("--grids") { Description = "grids, comma-separated", DefaultValueFactory = _ => "2x2,3x3,4x4,5x5" };
        var helpers = new Option<string>("--helpers") { Description = "helper counts, comma-separated", DefaultValueFactory = _ => "1,2,3,4,5,6" };
        var speed = new Option<double>("--speed") { Description = "speed of the device and of each helper relative to this host", DefaultValueFactory = _ => d.Speed };
        var mbps = new Option<double>("--link-mbps") { Description = "the device radio's bandwidth, shared by all helpers", DefaultValueFactory = _ => d.LinkMbps };
        var rtt = new Option<double>("--rtt-ms") { Description = "the device radio's round-trip time", DefaultValueFactory = _ => d.RttMs };
        var frames = new Option<int>("--frames") { Description = "measured frames per case (after one warm-up)", DefaultValueFactory = _ => d.Frames };
        var doc = new Option<string>("--doc") { Description = "markdown file for the results", DefaultValueFactory = _ => "docs/results/many-nodes.md", HelpName = "FILE.md" };
        var plot = new Option<string?>("--plot") { Description = "PNG of speedup and memory", DefaultValueFactory = _ => "docs/results/many-nodes-tiles.png", HelpName = "FILE.png" };
        var input = new Option<string?>("--input")
        {
            Description = "declare the model input a camera's 8-bit image: u8:imagenet (torchvision's normalisation, for the -tv zoo models) or u8:MEAN,…/STD,…; "
                          + "every row then runs an 8-bit camera frame, and the latency-optimal layouts run again with 8-bit windows and zero-bitmap strips",
            HelpName = "FORMAT",
        };
        var trace = new Option<string?>("--trace")
        {
            Description = "CSV of every paced span of every measured frame (compute, codec, radio, tile calls; paced target and actual wake)",
            HelpName = "FILE.csv",
        };
        var json = CommonOptions.Json();
        var command = new Command("tiles", "Fused Tile Partitioning over gRPC: speedup and peak memory vs helpers and grid; writes docs/results/many-nodes.md")
        {
            models, grids, helpers, speed, mbps, rtt, frames, input, doc, plot, trace, json,
        };
        command.SetAction(async (r, ct) =>
        {
            var names = r.GetValue(models) is { Length: > 0 } given ? given : ["zoo:resnet-tiny", "vgg-mini"];
            var options = new TilesBenchOptions
            {
                Models = names.Select(n => Load(zoo, n)).ToList(),
                Grids = r.GetValue(grids)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(TileGrid.Parse).ToList(),
                HelperCounts = r.GetValue(helpers)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Count).ToList(),
                Speed = Positive(r.GetValue(speed), "--speed"),
                LinkMbps = Positive(r.GetValue(mbps), "--link-mbps"),
                RttMs = r.GetValue(rtt) is >= 0 and var v && double.IsFinite(v) ? v : throw new UsageException("--rtt-ms must be 0 or more"),
                Frames = CommonOptions.Positive(r.GetValue(frames), "--frames"),
                U8Input = r.GetValue(input) is { } format ? ImageNormalization.Parse(format, "--input") : null,
            };
            if (options.U8Input is { } u8)
                foreach (var graph in options.Models) u8.Check(graph.Inputs[0], graph.Source);
            if (options.Grids.Count == 0 || options.HelperCounts.Count == 0) throw new UsageException("--grids and --helpers need at least one value each");
            var jsonPath = r.GetValue(json);
            var console = Ui.For(jsonPath);
            var commandLine = "verge " + string.Join(' ', r.Tokens.Select(t => t.Value));
            var hostBefore = HostState.Read();
            var report = await TilesBench.RunAsync(options, line => console.MarkupLine($"[grey]{Markup.Escape(line)}[/]"), ct);
            var host = $"{hostBefore} at the start, {HostState.Read()} at the end";

            if (!JsonOutput.ToStdout(jsonPath)) TilesReport.Render(console, report);
            var plotPath = r.GetValue(plot);
            TilesReport.WriteMarkdown(r.GetValue(doc)!, report, commandLine, host, plotPath);
            if (plotPath is not null) TilesPlot.Save(report, plotPath);
            if (r.GetValue(trace) is { } tracePath) TilesTraceCsv.Write(tracePath, report.Cases);
            // zero_shares only under --input u8:…: without it the JSON keeps its keys as before.
            JsonOutput.Write(report.ZeroShares.Count == 0
                ? new { Command = commandLine, Host = host, report.Settings, report.ModelDeviceOnlyMs, report.Cases, report.Heterogeneous, report.Acceptance }
                : new { Command = commandLine, Host = host, report.Settings, report.ModelDeviceOnlyMs, report.Cases, report.Heterogeneous, report.Acceptance, report.ZeroShares } as object, jsonPath);
            return 0;
        });
        return command;
    }

    /// <summary>A zoo name or file; a trainable zoo name the zoo lacks (vgg-mini) is exported with its seeded initial weights.</summary>
    private static ModelGraph Load(ModelZoo zoo, string name) =>
        !ModelZoo.IsZooName(name) && !File.Exists(name) && TrainableZoo.Names.Contains(name)
            ? ModelGraph.FromProto(OnnxExporter.Export(TrainableZoo.Create(name, seed: 1)), name)
            : zoo.Load(name);

    private static int Count(string text) => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 32
        ? n : throw new UsageException($"helper count '{text}' must be a whole number from 1 to 32");

    private static double Positive(double value, string flag) => value > 0 && double.IsFinite(value)
        ? value : throw new UsageException($"{flag} must be a positive number, not {value.ToString(CultureInfo.InvariantCulture)}");
}

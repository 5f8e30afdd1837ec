using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Verge.Cli.Options;
using Verge.Cli.Output;
using Verge.Core.Errors;
using Verge.Core.Units;
using Verge.Inference.Graph;
using Verge.Inference.Planning;
using Verge.Inference.Runtime;
using Verge.Inference.Zoo;
using Verge.Net.Benchmarks.Partition;

namespace Verge.Cli.Commands;

/// <summary>
/// `verge bench partition`: device-only, edge-only and the planner's choice measured over gRPC for each model, uplink
/// (Neurosurgeon's 3G, LTE and Wi-Fi) and device speed, with the speedup over the best single site.
/// </summary>
internal static class BenchPartitionCommand
{
    public static Command Create(ModelZoo zoo)
    {
        var models = new Option<string[]>("--model") { Description = "models to measure (repeatable); default zoo:resnet18, zoo:lenet5, zoo:mobilenet-tiny", HelpName = "MODEL" };
        var speeds = new Option<string>("--speeds") { Description = "device speeds relative to this host, comma-separated", DefaultValueFactory = _ => "0.15,0.5" };
        var frames = new Option<int>("--frames") { Description = "frames per measurement (the first is a warm-up)", DefaultValueFactory = _ => 6 };
        var runs = new Option<int>("--runs") { Description = "profiling runs per model", DefaultValueFactory = _ => 10 };
        var threads = CommonOptions.Threads();
        var json = CommonOptions.Json();
        var markdown = new Option<string?>("--markdown") { Description = "write the table as Markdown (e.g. docs/results/partition.md)", HelpName = "FILE.md" };
        var plot = new Option<string?>("--plot") { Description = "write a PNG of measured latencies", HelpName = "FILE.png" };
        var command = new Command("partition", "Measure device-only, edge-only and the planner's choice on 3G/LTE/Wi-Fi over gRPC")
        {
            models, speeds, frames, runs, threads, json, markdown, plot,
        };
        command.SetAction(async (r, ct) =>
        {
            var list = r.GetValue(models) is { Length: > 0 } given ? given : ["zoo:resnet18", "zoo:lenet5", "zoo:mobilenet-tiny"];
            var speedList = ParseSpeeds(r.GetValue(speeds)!);
            int n = CommonOptions.Positive(r.GetValue(frames), "--frames");
            if (n < 2) throw new UsageException("--frames must be at least 2 (the first frame is a warm-up)");
            int t = CommonOptions.Positive(r.GetValue(threads), "--threads");
            var jsonPath = r.GetValue(json);
            var console = Ui.For(jsonPath);

            var rows = new List<(string Model, PartitionSweep.Cell Cell)>();
            await using var bench = await PartitionBench.StartAsync(n, t, ct);
            var transport = bench.Transport;
            console.MarkupLine($"[grey]RPC stack, measured on loopback: {Markup.Escape(transport.ToString())}[/]");
            foreach (var model in list)
            {
                var graph = zoo.Load(model);
                var profile = Ui.WithProgress(console, $"profiling {model}", p =>
                    ProfileCache.Get(graph, new ProfileOptions { Runs = CommonOptions.Positive(r.GetValue(runs), "--runs"), Threads = t }, out _, p));
                var sweep = bench.Sweep(graph, profile);
                foreach (var speed in speedList)
                    foreach (var (name, bw, rtt) in PartitionBench.Networks)
                    {
                        console.MarkupLine($"[grey]{Markup.Escape(model)} · {name} · device speed {speed:G}[/]");
                        rows.Add((model, await sweep.MeasureAsync(name, bw, rtt, speed, ct)));
                    }
            }

            if (!JsonOutput.ToStdout(jsonPath)) console.Write(PartitionReport.Table(rows));
            var within = rows.SelectMany(x => x.Cell.Runs).Count(m => Math.Abs(m.Error) <= 0.15);
            var total = rows.Sum(x => x.Cell.Runs.Count);
            console.MarkupLine($"measured p50 within 15 % of predicted: {within} of {total} plans; the choice within 10 % of the best measured: " +
                               $"{rows.Count(x => x.Cell.ChoiceRegret <= 0.10)} of {rows.Count} cells");
            if (r.GetValue(markdown) is { } md) PartitionReport.WriteMarkdown(md, rows, transport, Environment.GetCommandLineArgs());
            if (r.GetValue(plot) is { } png) PartitionPlot.Save(rows, png);
            JsonOutput.Write(rows.Select(x => new
            {
                x.Model, x.Cell.Network, x.Cell.Mbps, x.Cell.DeviceSpeed, x.Cell.Chosen, x.Cell.ChosenBy,
                Speedup = Math.Round(x.Cell.Speedup, 3), ChoiceRegret = Math.Round(x.Cell.ChoiceRegret, 3),
                Runs = x.Cell.Runs.Select(m => new { m.Plan, m.Placement, PredictedMs = Math.Round(m.PredictedMs, 2), MeasuredP50Ms = Math.Round(m.MeasuredP50Ms, 2), Error = Math.Round(m.Error, 3), m.UplinkBytes, m.OutputsMatch }),
            }).ToList(), jsonPath);
            return 0;
        });
        return command;
    }

    private static List<double> ParseSpeeds(string text)
    {
        var speeds = new List<double>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            speeds.Add(double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s > 0 && s <= 1
                ? s : throw new UsageException($"--speeds: '{part}' is not a speed in (0, 1]; a device can be emulated slower than this host, not faster"));
        return speeds;
    }
}

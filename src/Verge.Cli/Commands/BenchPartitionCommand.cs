using System.CommandLine;
using System.Globalization;
using System.Text;
using Spectre.Console;
using Verge.Cli.Options;
using Verge.Cli.Output;
using Verge.Core.Errors;
using Verge.Core.Units;
using Verge.Inference.Graph;
using Verge.Inference.Planning;
using Verge.Inference.Runtime;
using Verge.Inference.Zoo;
using Verge.Net.Execution;
using Verge.Net.Hosting;

namespace Verge.Cli.Commands;

/// <summary>
/// `verge bench partition`: device-only, edge-only and the planner's choice measured over gRPC for each model, uplink
/// (Neurosurgeon's 3G, LTE and Wi-Fi) and device speed, with the speedup over the best single site.
/// </summary>
internal static class BenchPartitionCommand
{
    private static readonly (string Name, string Bandwidth, double RttMs)[] Networks =
        [("3G", "1.1Mbps", 50), ("LTE", "5.85Mbps", 20), ("Wi-Fi", "18.88Mbps", 5)];

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
            await using var edge = await NodeHost.StartAsync(new NodeHostOptions("edge", Threads: t) { Name = "edge" }, ct);
            var transport = await TransportCalibration.MeasureAsync(edge.Url, ct: ct);
            console.MarkupLine($"[grey]RPC stack, measured on loopback: {Markup.Escape(transport.ToString())}[/]");
            foreach (var model in list)
            {
                var graph = zoo.Load(model);
                var profile = Ui.WithProgress(console, $"profiling {model}", p =>
                    ProfileCache.Get(graph, new ProfileOptions { Runs = CommonOptions.Positive(r.GetValue(runs), "--runs"), Threads = t }, out _, p));
                var sweep = new PartitionSweep(graph, profile, edge.Url, n, t, transport);
                foreach (var speed in speedList)
                    foreach (var (name, bw, rtt) in Networks)
                    {
                        console.MarkupLine($"[grey]{Markup.Escape(model)} · {name} · device speed {speed:G}[/]");
                        rows.Add((model, await sweep.MeasureAsync(name, Bandwidth.Parse(bw), TimeSpan.FromMilliseconds(rtt), speed, ct)));
                    }
            }

            if (!JsonOutput.ToStdout(jsonPath)) console.Write(Table(rows));
            var within = rows.SelectMany(x => x.Cell.Runs).Count(m => Math.Abs(m.Error) <= 0.15);
            var total = rows.Sum(x => x.Cell.Runs.Count);
            console.MarkupLine($"measured p50 within 15 % of predicted: {within} of {total} plans; the choice within 10 % of the best measured: " +
                               $"{rows.Count(x => x.Cell.ChoiceRegret <= 0.10)} of {rows.Count} cells");
            if (r.GetValue(markdown) is { } md) WriteMarkdown(md, rows, transport, Environment.GetCommandLineArgs());
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

    private static string Ms(PartitionSweep.Measurement? m) => m is null ? "-" : $"{m.MeasuredP50Ms:F1} / {m.PredictedMs:F1} ({Math.Round(m.Error * 100):+0;-0;0} %)";

    private static string Split(PartitionSweep.Cell c) => c.Split is { } s ? $"{s.Placement}: {Ms(s)}" : "-";

    private static string Chosen(PartitionSweep.Cell c) => $"{c.ChosenBy} ({c.Of(c.Chosen).Placement})";

    private static Table Table(List<(string Model, PartitionSweep.Cell Cell)> rows)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("measured p50 / predicted ms (error)")
            .AddColumn("model").AddColumn("network").AddColumn("device speed", c => c.RightAligned())
            .AddColumn("device-only").AddColumn("edge-only").AddColumn("best split").AddColumn("chosen").AddColumn("chosen ms")
            .AddColumn("speedup", c => c.RightAligned()).AddColumn("vs best measured", c => c.RightAligned());
        foreach (var (model, c) in rows)
            table.AddRow(Markup.Escape(model), c.Network, c.DeviceSpeed.ToString("G"), Ms(c.Of("device-only")), Ms(c.Of("edge-only")),
                Markup.Escape(Split(c)), Markup.Escape(Chosen(c)), Ms(c.Of(c.Chosen)), $"{c.Speedup:F2}×",
                c.ChoiceRegret <= 0.10 ? $"[green]+{c.ChoiceRegret:P0}[/]" : $"[red]+{c.ChoiceRegret:P0}[/]");
        return table;
    }

    private static void WriteMarkdown(string path, List<(string Model, PartitionSweep.Cell Cell)> rows, MessageCost transport, string[] args)
    {
        var md = new StringBuilder();
        md.AppendLine("# Partitioned inference: measured against predicted");
        md.AppendLine();
        md.AppendLine($"Made by `verge bench partition {string.Join(' ', args.Skip(3))}` on {DateTime.UtcNow:yyyy-MM-dd} ({Environment.ProcessorCount} cores).");
        md.AppendLine("A phone (speed relative to this host, emulated by pacing) and one edge server (speed 1) on loopback gRPC; the link is");
        md.AppendLine("shaped to Neurosurgeon's uplinks (Kang et al., ASPLOS 2017). Each cell: median measured latency over the frames after a");
        md.AppendLine("warm-up / the cost model's prediction, in ms (measured ÷ predicted − 1). Speedup = best single site (measured) ÷ the");
        md.AppendLine("planner's choice (measured). Edge-only does not depend on the device's speed: it is measured once per network.");
        md.AppendLine("Best split: the cut along the topological order with the lowest predicted latency among those that leave work on both");
        md.AppendLine("sides, measured whether or not it is chosen, so every cell also checks a real device→edge split against its prediction.");
        md.AppendLine("The phone is emulated as the spec defines it: each of its stages takes its profiled time ÷ speed (as each link takes");
        md.AppendLine("bytes ÷ bandwidth + RTT/2), so device-only errors are near 0 by construction; the edge computes for real, and the");
        md.AppendLine("network, serialisation and gRPC are real, which is what edge-only and split errors measure.");
        md.AppendLine($"Predictions include the RPC stack's own cost per message, measured on this loopback before the sweep: {transport}.");
        md.AppendLine();
        var all = rows.SelectMany(x => x.Cell.Runs).ToList();
        md.AppendLine($"- measured p50 within 15 % of predicted: **{all.Count(m => Math.Abs(m.Error) <= 0.15)} of {all.Count}** plans (largest error {all.Max(m => Math.Abs(m.Error)) * 100:0} %)");
        md.AppendLine($"- the planner's choice within 10 % of the best plan measured in the same cell: **{rows.Count(x => x.Cell.ChoiceRegret <= 0.10)} of {rows.Count}** cells");
        md.AppendLine();
        md.AppendLine("| model | network | device speed | device-only | edge-only | best split | chosen | chosen ms | speedup | choice vs best measured |");
        md.AppendLine("|---|---|---:|---:|---:|---|---|---:|---:|---:|");
        foreach (var (model, c) in rows)
            md.AppendLine($"| `{model}` | {c.Network} | {c.DeviceSpeed:G} | {Ms(c.Of("device-only"))} | {Ms(c.Of("edge-only"))} | {Split(c)} | {Chosen(c)} | {Ms(c.Of(c.Chosen))} | {c.Speedup:F2}× | +{c.ChoiceRegret:P0} |");
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        File.WriteAllText(path, md.ToString());
    }
}

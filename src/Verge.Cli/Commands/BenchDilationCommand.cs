using System.CommandLine;
using System.Text;
using Spectre.Console;
using Verge.Cli.Options;
using Verge.Cli.Output;
using Verge.Core.Deployment;
using Verge.Core.Errors;
using Verge.Core.Files;
using Verge.Core.Spec;
using Verge.Core.Units;
using Verge.Inference.Planning;
using Verge.Inference.Runtime;
using Verge.Inference.Zoo;
using Verge.Net.Benchmarks.Dilation;
using Verge.Net.Execution;

namespace Verge.Cli.Commands;

/// <summary>
/// `verge bench dilation`: a spec whose cloud is faster than this host (the shipped ResNet-18 example, cloud speed 3),
/// cloud-only and a device → edge → cloud split measured under time dilation next to their predictions, and without
/// dilation for contrast.
/// </summary>
internal static class BenchDilationCommand
{
    public static Command Create(ModelZoo zoo)
    {
        var specArg = new Argument<string?>("spec") { Description = "deployment spec with a node faster than this host (default: the shipped examples/resnet18-3g-lte-wifi.yaml)", Arity = ArgumentArity.ZeroOrOne };
        var bandwidth = new Option<string>("--bandwidth") { Description = "the device's link bandwidth", DefaultValueFactory = _ => "18.88Mbps" };
        var cloudSpeed = new Option<double?>("--cloud-speed") { Description = "set the cloud node's speed (default 3; 0 keeps the spec's)", DefaultValueFactory = _ => 3.0 };
        var factor = new Option<double?>("--dilation") { Description = "time dilation factor k (default: the fastest node's speed; more leaves a busy host headroom)", HelpName = "K" };
        var frames = new Option<int>("--frames") { Description = "frames per plan (the first is a warm-up)", DefaultValueFactory = _ => 8 };
        var runs = new Option<int>("--runs") { Description = "profiling runs (profiles are cached)", DefaultValueFactory = _ => 10 };
        var threads = CommonOptions.Threads();
        var json = CommonOptions.Json();
        var markdown = new Option<string?>("--markdown") { Description = "write the table as Markdown (e.g. docs/results/dilation.md)", HelpName = "FILE.md" };
        var command = new Command("dilation", "Measure a fast cloud under time dilation: cloud-only and a device→edge→cloud split, measured vs predicted")
        {
            specArg, bandwidth, cloudSpeed, factor, frames, runs, threads, json, markdown,
        };
        command.SetAction(async (r, ct) =>
        {
            int n = CommonOptions.Positive(r.GetValue(frames), "--frames");
            if (n < 2) throw new UsageException("--frames must be at least 2 (the first frame is a warm-up)");
            int t = CommonOptions.Positive(r.GetValue(threads), "--threads");
            var bw = r.GetValue(bandwidth)!;
            if (!Bandwidth.TryParse(bw, out var b) || b.BitsPerSecond <= 0)
                throw new UsageException($"--bandwidth '{bw}' is not a positive bandwidth; write e.g. {Bandwidth.Examples}");
            var spec = DeploymentSpec.Load(r.GetValue(specArg) ?? Path.Combine(AppContext.BaseDirectory, "examples", "resnet18-3g-lte-wifi.yaml"))
                .WithDeviceBandwidth(b);
            if (r.GetValue(cloudSpeed) is { } cs and not 0)
            {
                if (!(cs > 0) || !double.IsFinite(cs)) throw new UsageException($"--cloud-speed {cs} must be a positive number");
                spec = spec with { Topology = new Topology(spec.Topology.Nodes.Select(x => x.Tier == Tier.Cloud ? x with { Speed = cs } : x).ToList(), spec.Topology.Links) };
            }
            var dilation = TimeDilation.For(spec.Topology);
            if (!dilation.InEffect)
                throw new InputException($"{spec.Source}: no node is faster than this host (every speed ≤ 1), so nothing needs time dilation; give a node speed > 1");
            if (r.GetValue(factor) is { } k)
                dilation = k >= dilation.Factor && double.IsFinite(k) ? new TimeDilation(k)
                    : throw new UsageException($"--dilation {k} must be at least the fastest node's speed, {dilation.Factor:G}");
            var jsonPath = r.GetValue(json);
            var console = Ui.For(jsonPath);
            var graph = SpecModel.Load(spec, zoo);
            var profile = Ui.WithProgress(console, $"profiling {graph.Source}", p =>
                ProfileCache.Get(graph, new ProfileOptions { Runs = CommonOptions.Positive(r.GetValue(runs), "--runs"), Threads = t }, out _, p));
            var load = HostState.LoadAverage();
            var progress = new Progress<string>(s => console.MarkupLine($"[grey]{Markup.Escape(s)}[/]"));
            var rows = new List<DilationBench.Row>();
            rows.AddRange(await DilationBench.MeasureAsync(spec, graph, profile, dilation, n, t, progress, ct));
            rows.AddRange(await DilationBench.MeasureAsync(spec, graph, profile, TimeDilation.None, n, t, progress, ct));

            if (!JsonOutput.ToStdout(jsonPath)) console.Write(Table(rows));
            var dilated = rows.Where(x => x.Dilation > 1).ToList();
            console.MarkupLine($"under dilation (k = {dilation.Factor:0.##}): measured p50 within 15 % of predicted for {dilated.Count(x => Math.Abs(x.Error) <= 0.15)} of {dilated.Count} plans");
            if (r.GetValue(markdown) is { } md) WriteMarkdown(md, spec, graph.Source, profile, rows, load, Environment.GetCommandLineArgs());
            JsonOutput.Write(new
            {
                Spec = spec.Source, Model = spec.App.Model, DeviceMbps = b.Mbps, ProfileMs = Math.Round(profile.OptimizedMs, 2),
                Nodes = spec.Topology.Nodes.Select(x => new { x.Name, Tier = x.Tier.ToString().ToLowerInvariant(), x.Speed }),
                Runs = rows.Select(x => new
                {
                    x.Plan, x.Placement, x.Dilation, PredictedMs = Math.Round(x.PredictedMs, 2), MeasuredP50Ms = Math.Round(x.MeasuredP50Ms, 2),
                    Error = Math.Round(x.Error, 3), x.OutputsMatch,
                }),
            }, jsonPath);
            return 0;
        });
        return command;
    }

    private static Table Table(IEnumerable<DilationBench.Row> rows)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumn("plan").AddColumn("placement").AddColumn("dilation", c => c.RightAligned())
            .AddColumn("predicted ms", c => c.RightAligned()).AddColumn("measured p50 ms", c => c.RightAligned()).AddColumn("error", c => c.RightAligned())
            .AddColumn("outputs match");
        foreach (var x in rows)
            table.AddRow(Markup.Escape(x.Plan), Markup.Escape(x.Placement), x.Dilation > 1 ? $"{x.Dilation:0.##}" : "none", $"{x.PredictedMs:F1}",
                $"{x.MeasuredP50Ms:F1}", $"{x.Error * 100:+0.0;-0.0}%", x.OutputsMatch ? "yes" : "[red]no[/]");
        return table;
    }

    private static void WriteMarkdown(string path, DeploymentSpec spec, string model, ModelProfile profile, List<DilationBench.Row> rows, string? load, string[] args)
    {
        var md = new StringBuilder();
        md.AppendLine("# Time dilation: nodes faster than the host, measured against predicted");
        md.AppendLine();
        md.AppendLine($"Made by `verge bench dilation {string.Join(' ', args.Skip(3))}` on {DateTime.UtcNow:yyyy-MM-dd} ({Environment.ProcessorCount} cores{(load is null ? "" : $", load average {load} at the start")}).");
        md.AppendLine($"Spec `{Path.GetFileName(spec.Source)}` ({model}, {string.Join(", ", spec.Topology.Nodes.Select(x => $"{x.Name} speed {x.Speed:G}"))}), " +
                      $"device link {string.Join("; ", spec.Topology.Links.Select(l => l.ToString()))}; the profile gives {profile.OptimizedMs:F1} ms for the whole model here.");
        md.AppendLine("A node faster than this host cannot be emulated by holding its stages; under time dilation (Gupta et al., NSDI 2006)");
        md.AppendLine("the whole emulation runs k = the fastest node's speed times slower: every node takes its profiled time × k ÷ speed, every");
        md.AppendLine("link k × its RTT and serialisation, and the measured latency is divided by k. Each row: median over the frames after a");
        md.AppendLine("warm-up. The split is the device → edge → cloud placement (two cuts along the topological order) with the lowest");
        md.AppendLine("predicted latency. Rows without dilation show what `verge run` did before: the fast cloud computes at this host's speed.");
        md.AppendLine();
        md.AppendLine("| plan | placement | dilation | predicted ms | measured p50 ms | error | outputs match |");
        md.AppendLine("|---|---|---:|---:|---:|---:|---|");
        foreach (var x in rows)
            md.AppendLine($"| {x.Plan} | `{x.Placement}` | {(x.Dilation > 1 ? $"{x.Dilation:0.##}" : "none")} | {x.PredictedMs:F1} | {x.MeasuredP50Ms:F1} | {x.Error * 100:+0.0;-0.0} % | {(x.OutputsMatch ? "yes" : "no")} |");
        AtomicFile.WriteAllText(path, md.ToString(), "Markdown");
    }
}

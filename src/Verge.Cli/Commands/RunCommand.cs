using System.CommandLine;
using Spectre.Console;
using Verge.Cli.Options;
using Verge.Cli.Output;
using Verge.Cli.Running;
using Verge.Core.Deployment;
using Verge.Core.Errors;
using Verge.Core.Spec;
using Verge.Core.Units;
using Verge.Inference.Graph;
using Verge.Inference.Planning;
using Verge.Inference.Runtime;
using Verge.Inference.Zoo;
using Verge.Net.Execution;
using Verge.Net.Wire;

namespace Verge.Cli.Commands;

/// <summary>
/// `verge run SPEC`: plan the spec's model, start its edge/cloud nodes on loopback (or use --edge/--cloud URLs), run N
/// frames device→edge→cloud over gRPC with every link shaped as the spec says, and hold measured latency, bytes and
/// outputs against the plan's prediction and the whole model run locally.
/// </summary>
internal static class RunCommand
{
    public static Command Create(ModelZoo zoo)
    {
        var specArg = new Argument<string>("spec") { Description = "deployment spec (YAML), e.g. examples/resnet18-3g-lte-wifi.yaml" };
        var frames = new Option<int>("--frames") { Description = "frames to run", DefaultValueFactory = _ => 20 };
        var plan = new Option<string?>("--plan") { Description = "run this candidate (see 'verge plan') instead of the planner's choice; disables re-planning", HelpName = "NAME" };
        var edge = new Option<string?>("--edge") { Description = "use a running edge node (verge serve) instead of starting one", HelpName = "URL" };
        var cloud = new Option<string?>("--cloud") { Description = "use a running cloud node instead of starting one", HelpName = "URL" };
        var bandwidth = new Option<string?>("--bandwidth") { Description = "override the device's link bandwidth, e.g. 1.1Mbps" };
        var noAdapt = new Option<bool>("--no-adapt") { Description = "do not measure the uplink or re-plan during the run" };
        var runs = new Option<int>("--runs") { Description = "timed profiling runs (profiles are cached)", DefaultValueFactory = _ => 10 };
        var threads = CommonOptions.Threads();
        var json = CommonOptions.Json();
        var command = new Command("run", "Run a spec's model under its plan across device, edge and cloud over gRPC; measured vs predicted")
        {
            specArg, frames, plan, edge, cloud, bandwidth, noAdapt, runs, threads, json,
        };
        command.SetAction(async (r, ct) =>
        {
            int n = CommonOptions.Positive(r.GetValue(frames), "--frames");
            int t = CommonOptions.Positive(r.GetValue(threads), "--threads");
            var spec = DeploymentSpec.Load(r.GetValue(specArg)!);
            if (r.GetValue(bandwidth) is { } bw)
            {
                if (!Bandwidth.TryParse(bw, out var b) || b.BitsPerSecond <= 0)
                    throw new UsageException($"--bandwidth '{bw}' is not a positive bandwidth; write e.g. {Bandwidth.Examples}");
                spec = spec.WithDeviceBandwidth(b);
            }
            var given = new Dictionary<Tier, string>();
            if (r.GetValue(edge) is { } e) given[Tier.Edge] = CheckUrl(e, "--edge");
            if (r.GetValue(cloud) is { } c) given[Tier.Cloud] = CheckUrl(c, "--cloud");

            var jsonPath = r.GetValue(json);
            var console = Ui.For(jsonPath);
            if (spec.App.Exits is not null)
            {
                var tiered = await TieredRun.RunAsync(console, spec, zoo, n, t, given, ct);
                if (!JsonOutput.ToStdout(jsonPath)) TieredRun.Render(console, tiered);
                JsonOutput.Write(TieredRun.Document(spec, tiered), jsonPath);
                return 0;
            }
            var settings = new RunSettings(n, r.GetValue(plan), !r.GetValue(noAdapt), CommonOptions.Positive(r.GetValue(runs), "--runs"), t, given);
            if (spec.App.Variants.Count > 0)
            {
                // Model selection: run the chosen variant under its chosen placement (no re-planning across variants).
                var variants = await SpecVariants.LoadAsync(console, spec, zoo, new ProfileOptions { Runs = settings.ProfileRuns, Threads = t }, ct);
                // Nodes first, so the selection's predictions carry the RPC stack's measured cost as the run's do.
                await using var nodes = await LocalNodes.StartAsync(spec.Topology, given, t, ct);
                var transport = await TransportCalibration.MeasureForDeviceAsync(spec.Topology, nodes.Urls, ct);
                var selection = SpecVariants.Select(spec, variants, PlanningOptions.From(spec.App) with { Message = transport });
                if (!JsonOutput.ToStdout(jsonPath)) SpecVariants.Render(console, selection);
                var chosen = selection.Chosen;
                var chosenSpec = spec with { App = spec.App with { Model = spec.App.Variants.First(v => v.Name == chosen.Variant.Name).Model } };
                var run = await RunAsync(console, chosenSpec, settings with { Plan = chosen.Plan.Name, Adapt = false }, ct,
                    (chosen.Variant.Graph, chosen.Variant.Profile), nodes, transport);
                if (!JsonOutput.ToStdout(jsonPath)) Render(console, chosenSpec, run);
                JsonOutput.Write(new { Selection = SpecVariants.Document(selection), Run = RunJson.From(run, chosenSpec) }, jsonPath);
                return 0;
            }
            var report = await RunAsync(console, spec, zoo, settings, ct);
            if (!JsonOutput.ToStdout(jsonPath)) Render(console, spec, report);
            JsonOutput.Write(RunJson.From(report, spec), jsonPath);
            return 0;
        });
        return command;
    }

    public sealed record RunSettings(int Frames, string? Plan, bool Adapt, int ProfileRuns, int Threads, IReadOnlyDictionary<Tier, string> Nodes);

    /// <summary>Runs the spec's model, loaded through <paramref name="zoo"/> and profiled (or taken from the profile cache).</summary>
    public static Task<RunReport> RunAsync(IAnsiConsole console, DeploymentSpec spec, ModelZoo zoo, RunSettings settings, CancellationToken ct)
    {
        var graph = SpecModel.Load(spec, zoo);
        var profile = Ui.WithProgress(console, $"profiling {graph.Source}", p =>
            ProfileCache.Get(graph, new ProfileOptions { Runs = settings.ProfileRuns, Threads = settings.Threads }, out _, p));
        return RunAsync(console, spec, settings, ct, (graph, profile));
    }

    /// <summary>
    /// Runs the spec with a model and profile already in hand (<paramref name="measured"/>: the demo's, a chosen
    /// variant's); <paramref name="running"/> nodes already started and <paramref name="transport"/> their measured RPC cost.
    /// </summary>
    public static async Task<RunReport> RunAsync(IAnsiConsole console, DeploymentSpec spec, RunSettings settings, CancellationToken ct,
        (ModelGraph Graph, ModelProfile Profile) measured, LocalNodes? running = null, MessageCost? transport = null)
    {
        var (graph, profile) = measured;
        var inputs = await FrameInputs.CreateAsync(spec.App.Input, graph, spec.Source, ct);
        await using var owned = running is null ? await LocalNodes.StartAsync(spec.Topology, settings.Nodes, settings.Threads, ct) : null;
        var nodes = running ?? owned!;
        var options = new RunnerOptions
        {
            Frames = settings.Frames,
            Plan = settings.Plan,
            Adapt = settings.Adapt,
            Deployment = new DeploymentOptions { Encoding = Encoding(spec.App.Codec), Threads = settings.Threads },
        };
        var planning = PlanningOptions.From(spec.App) with { Message = transport ?? MessageCost.None };
        var runner = new PlanRunner(graph, profile, spec.Topology, planning, nodes.Urls, options);

        RunReport? report = null;
        await console.Progress().AutoClear(true).HideCompleted(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask($"running {settings.Frames} frames", maxValue: settings.Frames);
                report = await runner.RunAsync(inputs, new Progress<FrameRecord>(f =>
                {
                    task.Value = f.Frame + 1;
                    task.Description = $"frame {f.Frame + 1}/{settings.Frames} [grey]{Markup.Escape(f.Plan)} · {Markup.Escape(f.ComputedAt)} · {f.TotalMs:F0} ms[/]";
                }), ct);
            });
        return report!;
    }

    public static void Render(IAnsiConsole console, DeploymentSpec spec, RunReport report)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"[bold]{Markup.Escape(spec.App.Model)}[/] · {report.Frames.Count} frames · codec {spec.App.Codec.Name()}")
            .AddColumn("plan").AddColumn("frames", c => c.RightAligned()).AddColumn("network").AddColumn("predicted ms", c => c.RightAligned())
            .AddColumn("measured p50 ms", c => c.RightAligned()).AddColumn("error", c => c.RightAligned());
        foreach (var s in report.Segments)
            table.AddRow(Markup.Escape(s.Plan), $"{s.FirstFrame}–{s.FirstFrame + s.Frames - 1}", Markup.Escape(s.Network), $"{s.PredictedLatencyMs:F1}", $"{s.MeasuredP50Ms:F1}",
                double.IsNaN(s.MeasuredP50Ms) ? "-" : $"{(s.MeasuredP50Ms / s.PredictedLatencyMs - 1) * 100:+0.0;-0.0}%");
        console.Write(table);
        var where = report.Frames.GroupBy(f => f.ComputedAt).Select(g => $"{g.Key} ×{g.Count()}");
        console.MarkupLine($"computed at: {Markup.Escape(string.Join(", ", where))}; uplink {Ui.Bytes(report.Frames.Sum(f => f.UplinkBytes))} in all; " +
                           $"p95 {report.Percentile(95):F1} ms");
        if (report.Transport != MessageCost.None)
            console.MarkupLine($"[grey]predictions include the RPC stack's own cost, as measured before planning: {Markup.Escape(report.Transport.ToString())}[/]");
        foreach (var e in report.Replans)
            console.MarkupLine($"re-planned before frame {e.Frame}: {Markup.Escape(e.From)} → [bold]{Markup.Escape(e.To)}[/] " +
                               $"(measured uplink {e.MeasuredMbps:F2} Mbit/s, RTT {e.MeasuredRttMs:F0} ms)");
        var fast = spec.Topology.Nodes.Where(n => n.Speed > 1 && report.Frames.Any(f => f.ComputedAt.Split('+').Contains(n.Name))).ToList();
        if (fast.Count > 0)
            console.MarkupLine($"[yellow]note[/]: {Markup.Escape(string.Join(", ", fast.Select(n => $"{n.Name} (speed {n.Speed:G})")))} cannot be emulated faster than this host; " +
                               "their stages ran at speed 1, so measured latency exceeds the prediction by that compute");
        var match = RunJson.OutputsMatch(report, spec.App.Codec);
        console.MarkupLine(spec.App.Codec == WireCodec.Fp32
            ? $"outputs match the whole model run locally: {(match.Exact ? "[green]yes[/]" : "[red]no[/]")} (max relative difference {match.MaxRelativeDifference:g2})"
            : $"top-1 agreement with the whole model (lossy {spec.App.Codec.Name()} codec): {match.Top1Agreement:P1}");
    }

    private static TensorEncoding Encoding(WireCodec codec) => codec switch
    {
        WireCodec.Fp16 => TensorEncoding.Fp16,
        WireCodec.Int8 => TensorEncoding.Int8,
        _ => TensorEncoding.Fp32,
    };

    private static string CheckUrl(string url, string flag) =>
        Uri.TryCreate(url, UriKind.Absolute, out var u) && u.Scheme == Uri.UriSchemeHttp ? url
            : throw new UsageException($"{flag} '{url}' is not of the form http://HOST:PORT");
}

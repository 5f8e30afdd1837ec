using Spectre.Console;
using Verge.Core.Deployment;
using Verge.Core.Spec;
using Verge.Inference.Graph;
using Verge.Inference.Planning;
using Verge.Inference.Runtime;
using Verge.Net.Execution;
using Verge.Net.Running;

namespace Verge.Cli.Output;

/// <summary>`verge run` on the console: <see cref="SpecRun"/> under a progress bar, then the measured-vs-predicted table.</summary>
internal static class RunView
{
    public static async Task<RunReport> RunAsync(IAnsiConsole console, DeploymentSpec spec, ModelGraph graph, ModelProfile profile, SpecRunSettings settings,
        CancellationToken ct, LocalNodes? running = null, MessageCost? transport = null)
    {
        RunReport? report = null;
        await console.Progress().AutoClear(true).HideCompleted(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask($"running {settings.Frames} frames", maxValue: settings.Frames);
                report = await SpecRun.RunAsync(spec, graph, profile, settings, new Progress<FrameRecord>(f =>
                {
                    task.Value = f.Frame + 1;
                    task.Description = $"frame {f.Frame + 1}/{settings.Frames} [grey]{Markup.Escape(f.Plan)} · {Markup.Escape(f.ComputedAt)} · {f.TotalMs:F0} ms[/]";
                }), ct, running, transport);
            });
        return report!;
    }

    public static void Render(IAnsiConsole console, DeploymentSpec spec, RunReport report)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"[bold]{Markup.Escape(spec.App.Model)}[/] · {report.Frames.Count} frames · codec {spec.App.Codec.Name()}" +
                   (report.Dilation.InEffect ? $" · dilation: {report.Dilation.Factor:0.##}" : ""))
            .AddColumn("plan").AddColumn("frames", c => c.RightAligned()).AddColumn("network").AddColumn("predicted ms", c => c.RightAligned())
            .AddColumn("measured p50 ms", c => c.RightAligned()).AddColumn("error", c => c.RightAligned());
        foreach (var s in report.Segments)
            table.AddRow(Markup.Escape(s.Plan), $"{s.FirstFrame}–{s.FirstFrame + s.Frames - 1}", Markup.Escape(s.Network), $"{s.PredictedLatencyMs:F1}", $"{s.MeasuredP50Ms:F1}",
                double.IsNaN(s.MeasuredP50Ms) ? "-" : $"{(s.MeasuredP50Ms / s.PredictedLatencyMs - 1) * 100:+0.0;-0.0}%");
        console.Write(table);
        var where = report.Frames.GroupBy(f => f.ComputedAt).Select(g => $"{g.Key} ×{g.Count()}");
        console.MarkupLine($"computed at: {Markup.Escape(string.Join(", ", where))}; uplink {Ui.Bytes(report.Frames.Sum(f => f.UplinkBytes))} in all; " +
                           $"p95 {report.Percentile(95):F1} ms");
        if (report.Dilation.InEffect)
            console.MarkupLine($"time dilation in effect (k = {report.Dilation.Factor:0.##}, Gupta et al., NSDI 2006): a node is faster than this host, so every node " +
                               "took its profiled time × k ÷ speed and every link k × its delays; the times shown are measured ÷ k");
        if (report.Transport != MessageCost.None)
            console.MarkupLine($"[grey]predictions include the RPC stack's own cost, as measured before planning{(report.Dilation.InEffect ? " (÷ k: the stack is not slowed)" : "")}: {Markup.Escape(report.Transport.ToString())}[/]");
        foreach (var e in report.Replans)
            console.MarkupLine($"re-planned before frame {e.Frame}: {Markup.Escape(e.From)} → [bold]{Markup.Escape(e.To)}[/] " +
                               $"(measured uplink {e.MeasuredMbps:F2} Mbit/s, RTT {e.MeasuredRttMs:F0} ms)");
        var fast = spec.Topology.Nodes.Where(n => n.Speed > report.Dilation.Factor && report.Frames.Any(f => f.ComputedAt.Split('+').Contains(n.Name))).ToList();
        if (fast.Count > 0)
            console.MarkupLine($"[yellow]note[/]: {Markup.Escape(string.Join(", ", fast.Select(n => $"{n.Name} (speed {n.Speed:G})")))} cannot be emulated faster than this host; " +
                               "their stages ran at speed 1, so measured latency exceeds the prediction by that compute (time dilation needs every node started here, none given by URL)");
        var match = report.OutputsMatch();
        console.MarkupLine(spec.App.Codec == WireCodec.Fp32
            ? $"outputs match the whole model run locally: {(match.Exact ? "[green]yes[/]" : "[red]no[/]")} (max relative difference {match.MaxRelativeDifference:g2})"
            : $"top-1 agreement with the whole model (lossy {spec.App.Codec.Name()} codec): {match.Top1Agreement:P1}");
    }
}

using Spectre.Console;
using Verge.Core.Deployment;
using Verge.Core.Spec;
using Verge.Inference.Planning;
using Verge.Inference.Zoo;
using Verge.Net.Running;

namespace Verge.Cli.Output;

/// <summary>
/// `verge run` for a spec with <c>app.exits</c> on the console: the calibrated thresholds, <see cref="TieredSpecRun"/>
/// under a progress bar, then per-tier exit counts, accuracy and uplink bytes against offloading every input.
/// </summary>
internal static class TieredRunView
{
    public static async Task<TieredRunReport> RunAsync(IAnsiConsole console, DeploymentSpec spec, ModelZoo zoo, int frames, int threads,
        IReadOnlyDictionary<Tier, string> given, CancellationToken ct, Net.Security.ClientSecurity? security = null)
    {
        var graph = SpecModel.Load(spec, zoo);
        var (policy, calibratedOn) = await TieredSpecRun.PolicyAsync(spec, graph, threads, ct);
        if (calibratedOn > 0)
            console.MarkupLine($"[grey]calibrated on {calibratedOn} training images for {spec.App.Exits!.TargetAccuracy:P1}: thresholds {Markup.Escape(string.Join(", ", policy.Thresholds.Select(x => x.ToString("G3"))))}[/]");
        TieredRunReport? report = null;
        await console.Progress().AutoClear(true).HideCompleted(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask($"running {frames} frames through {policy.Thresholds.Count + 1} tiers", maxValue: frames);
                report = await TieredSpecRun.RunAsync(spec, graph, policy, frames, threads, given, Ui.Reporter<int>(done => task.Value = done), ct, security);
            });
        return report!;
    }

    public static void Render(IAnsiConsole console, TieredRunReport report)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"[bold]{Markup.Escape(report.Model)}[/] · {report.Frames} frames · {report.Measure} thresholds {Markup.Escape(string.Join(", ", report.Thresholds.Select(t => t.ToString("G3"))))}")
            .AddColumn("exit").AddColumn("site").AddColumn("frames", c => c.RightAligned()).AddColumn("share", c => c.RightAligned())
            .AddColumn("accuracy there", c => c.RightAligned());
        foreach (var r in report.Tiers)
            table.AddRow(r.Exit, Markup.Escape(r.Site), r.Frames.ToString(), $"{(double)r.Frames / report.Frames:P1}",
                !report.HasLabels || r.Frames == 0 ? "-" : $"{(double)r.Correct / r.Frames:P1}");
        console.Write(table);
        if (report.HasLabels)
            console.MarkupLine($"accuracy: [bold]{report.Accuracy:P2}[/] (final exit only: {report.FinalOnlyAccuracy:P2})");
        console.MarkupLine($"uplink: [bold]{Ui.Bytes(report.UplinkBytes)}[/] vs {Ui.Bytes(report.OffloadAllBytes)} offloading every input " +
                           $"([bold]{report.UplinkFraction:P1}[/]); p50 {report.P50Ms:F1} ms per frame");
    }

    public static object Document(DeploymentSpec spec, TieredRunReport report) => new
    {
        Spec = spec.Source,
        report.Model,
        report.Measure,
        Thresholds = report.Thresholds.Select(t => double.IsFinite(t) ? (double?)t : null),
        report.Frames,
        Tiers = report.Tiers,
        Accuracy = report.HasLabels ? (double?)report.Accuracy : null,
        FinalOnlyAccuracy = report.HasLabels ? (double?)report.FinalOnlyAccuracy : null,
        report.UplinkBytes,
        report.OffloadAllBytes,
        UplinkFraction = Math.Round(report.UplinkFraction, 4),
        P50Ms = Math.Round(report.P50Ms, 3),
    };
}

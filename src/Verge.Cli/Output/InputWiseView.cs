using Spectre.Console;
using Verge.Core.Spec;
using Verge.Core.Units;
using Verge.Inference.Graph;
using Verge.Inference.Planning;
using Verge.Inference.Planning.InputWise;
using Verge.Inference.Runtime;
using Verge.Net.Running;
using Verge.Net.Tiles;

namespace Verge.Cli.Output;

/// <summary>
/// `verge run` of a spec with helpers: when the input-wise candidate wins (or `--plan input-wise` asks for it), the
/// tiles run on the helpers and this view shows the result; otherwise the usual run goes on.
/// </summary>
internal static class InputWiseView
{
    public static async Task<bool> TryRunAsync(IAnsiConsole console, DeploymentSpec spec, ModelGraph graph, ModelProfile profile, SpecRunSettings settings,
        string? jsonPath, CancellationToken ct)
    {
        if (spec.Topology.Helpers.Count < 2 || (settings.Plan is { } named && named != InputWisePlanner.Name)) return false;
        var planner = new InputWisePlanner(bytes: Net.Tiles.U8Frames.PlannerBytes(spec, graph));
        var problem = new PlanningProblem(graph, profile, spec.Topology, PlanningOptions.From(spec.App));
        var choice = Planners.Choose(problem, [.. Planners.All(), planner]);
        var plan = choice.Candidates.FirstOrDefault(c => c.Name == InputWisePlanner.Name);
        if (plan is null || (settings.Plan is null && choice.Chosen != plan) || planner.Chain(problem) is not { } chain) return false;

        console.MarkupLine($"[grey]input-wise: {chain.Grids} tiles of {Markup.Escape(graph.Source)}'s fused front{(chain.Blocks.Count > 1 ? $" ({chain.Blocks.Count} blocks{(chain.HaloExchange ? ", halo exchange between them" : "")})" : "")} on {spec.Topology.Helpers.Count} helpers{(planner.DeviceTakesTiles ? " and the device" : "")}[/]");
        var report = await InputWiseRun.RunAsync(spec, graph, plan, chain, planner.DeviceTakesTiles, settings.Frames, settings.Threads, settings.Security, ct);
        if (!JsonOutput.ToStdout(jsonPath)) Render(console, report);
        JsonOutput.Write(new
        {
            Spec = spec.Source,
            Plan = report.Plan.Name,
            report.Grid,
            report.BlockEnd,
            report.Frames,
            PredictedMs = report.Plan.Predicted.LatencyMs,
            report.P50Ms,
            report.P95Ms,
            report.MaxRelDiff,
            report.TilesPerHelper,
            PeakActivationBytes = report.PeakActivationBytes,
            report.DeviceOnlyPeakActivationBytes,
            report.TilesOnDevice,
        }, jsonPath);
        return true;
    }

    private static void Render(IAnsiConsole console, InputWiseReport report)
    {
        console.MarkupLine($"[bold]{report.Plan.Name}[/] {report.Grid}, block ends at {Markup.Escape(report.BlockEnd)}: p50 {report.P50Ms:F1} ms, p95 {report.P95Ms:F1} ms " +
                           $"(predicted {report.Plan.Predicted.LatencyMs:F1} ms) over {report.Frames} frames; outputs vs the whole model: max relative difference {report.MaxRelDiff:G2}");
        var table = new Table().RoundedBorder().AddColumns("node", "tiles", "peak activation memory");
        foreach (var (node, bytes) in report.PeakActivationBytes)
            table.AddRow(Markup.Escape(node), report.TilesPerHelper.TryGetValue(node, out var k) ? k.ToString() : "-", new DataSize(bytes).ToString());
        table.AddRow("(whole model on one node)", "-", new DataSize(report.DeviceOnlyPeakActivationBytes).ToString());
        console.Write(table);
        if (report.TilesOnDevice > 0) console.MarkupLine($"[yellow]{report.TilesOnDevice} tiles ran on the device (as a worker beside the helpers, or after helpers were lost)[/]");
    }
}

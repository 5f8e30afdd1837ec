using Spectre.Console;
using Verge.Cluster.Moves;
using Verge.Core.Errors;
using Verge.Core.Spec;
using Verge.Inference.Graph;
using Verge.Inference.Runtime;

namespace Verge.Cli.Output;

/// <summary>
/// `verge run` for a spec with <c>app.moves</c> on the console: <see cref="MovingRun"/> under a progress bar, then one
/// row per edge server stretch and one per handover (its time, the frames it affected, the first frame on the new
/// server against steady state), and whether every frame matched the whole model.
/// </summary>
internal static class MovesView
{
    /// <summary>The spec's edge servers from <c>--edge NAME=URL</c> (repeated); none: start a local cluster.</summary>
    public static Dictionary<string, string> EdgeUrls(IReadOnlyList<string> given)
    {
        var urls = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var g in given)
        {
            var eq = g.IndexOf('=');
            if (eq <= 0 || !Uri.TryCreate(g[(eq + 1)..], UriKind.Absolute, out var u) || (u.Scheme != Uri.UriSchemeHttp && u.Scheme != Uri.UriSchemeHttps))
                throw new UsageException($"--edge '{g}' is not of the form NODE=http://HOST:PORT; a spec with app.moves names each edge server by its node");
            if (!urls.TryAdd(g[..eq], g[(eq + 1)..]))
                throw new UsageException($"--edge gives edge node '{g[..eq]}' twice; give each edge node once");
        }
        return urls;
    }

    public static async Task<MovingRunReport> RunAsync(IAnsiConsole console, DeploymentSpec spec, ModelGraph graph, ModelProfile profile,
        MovingRunSettings settings, CancellationToken ct)
    {
        if (settings.EdgeUrls.Count == 0)
            console.MarkupLine($"[grey]starting a local cluster: redis-server and {spec.Topology.Nodes.Count(n => n.Tier == Core.Deployment.Tier.Edge)} clustered edge servers on loopback[/]");
        MovingRunReport? report = null;
        await console.Progress().AutoClear(true).HideCompleted(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask($"running {settings.Frames} frames, {spec.App.Moves.Count} move(s)", maxValue: settings.Frames);
                report = await MovingRun.RunAsync(spec, graph, profile, settings, Ui.Reporter<int>(done => task.Value = done), ct);
            });
        return report!;
    }

    public static void Render(IAnsiConsole console, MovingRunReport report)
    {
        console.MarkupLine($"[bold]{Markup.Escape(report.Model)}[/] · plan [bold]{Markup.Escape(report.Plan)}[/] ({Markup.Escape(report.Placement)}) · session {Markup.Escape(report.Session)}" +
            (report.LocalCluster ? " · local cluster" : ""));
        var table = new Table().Border(TableBorder.Rounded).Title("handovers")
            .AddColumn("move").AddColumn("after frame", c => c.RightAligned()).AddColumn("pre-load ms", c => c.RightAligned())
            .AddColumn("handover ms", c => c.RightAligned()).AddColumn("migrate ms", c => c.RightAligned())
            .AddColumn("frames affected (max ms)", c => c.RightAligned()).AddColumn("first frame there", c => c.RightAligned())
            .AddColumn("first-frame ms", c => c.RightAligned()).AddColumn("steady ms", c => c.RightAligned()).AddColumn("silo");
        foreach (var h in report.Handovers)
            table.AddRow($"{Markup.Escape(h.From)} → {Markup.Escape(h.To)}", h.AfterFrames.ToString(), h.PreloadMs.ToString("F1"), h.HandoverMs.ToString("F1"),
                h.MigrateMs.ToString("F1"), h.AffectedMaxMs is { } worst ? $"{h.FramesAffected} ({worst:F1})" : "0", h.FirstFrame?.ToString() ?? "-", h.FirstFrameMs?.ToString("F1") ?? "-",
                h.SteadyMs.ToString("F1"), Markup.Escape($"{h.PreviousSilo} → {h.Silo}"));
        console.Write(table);
        foreach (var m in report.MovesNotReached)
            console.MarkupLine($"[yellow]move after frame {m.AfterFrames} to {Markup.Escape(m.Edge)}: not reached (the frames ran out first{(m.AfterFrames < report.Frames.Count ? ", while the handover before it still ran" : "")})[/]");
        var perEdge = report.Frames.GroupBy(f => f.Edge).Select(g => $"{g.Key}: {g.Count()}");
        var twice = report.FramesComputedTwice is { } n ? $"{n} computed twice" : "computed-twice count needs the local cluster's Redis";
        console.MarkupLine($"frames: {report.Frames.Count} answered ({Markup.Escape(string.Join(", ", perEdge))}); {report.FramesRepeated} from the session's memory; {twice}");
        console.MarkupLine($"outputs vs the whole model on the device: max rel diff {report.MaxRelDiff:G3}, top-1 " +
            (report.AllTop1Agree ? "[green]agrees on every frame[/]" : "[red]differs on some frames[/]"));
    }

    public static object Document(DeploymentSpec spec, MovingRunReport report) => new
    {
        Spec = spec.Source,
        report.Model,
        report.Plan,
        report.Placement,
        report.Session,
        report.LocalCluster,
        Frames = report.Frames.Count,
        report.FramesRepeated,
        report.FramesComputedTwice,
        report.MaxRelDiff,
        report.AllTop1Agree,
        report.Handovers,
        MovesNotReached = report.MovesNotReached.Select(m => new { m.AfterFrames, m.Edge }),
        PerFrame = report.Frames,
    };
}

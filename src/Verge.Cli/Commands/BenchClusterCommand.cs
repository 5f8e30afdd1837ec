using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using Verge.Cli.Options;
using Verge.Cli.Output;
using Verge.Cluster.Benchmarks;
using Verge.Core.Errors;
using Verge.Core.Processes;

namespace Verge.Cli.Commands;

/// <summary>
/// `verge bench cluster`: the edge tier on Orleans with real `verge serve --cluster` processes and a real redis-server
/// on loopback — sessions served vs silos, a silo killed mid-stream, every device handed over to another edge server;
/// docs/results/many-nodes.md (its own section) + PNG.
/// </summary>
internal static class BenchClusterCommand
{
    public static Command Create()
    {
        var d = new ClusterBenchOptions();
        var devices = new Option<int>("--devices") { Description = "devices streaming at once", DefaultValueFactory = _ => d.Devices };
        var frames = new Option<int>("--frames") { Description = "frames each device sends per run", DefaultValueFactory = _ => d.Frames };
        var silos = new Option<string>("--silos") { Description = "silo counts of the scaling runs, comma-separated (1 to 8)", DefaultValueFactory = _ => "1,2,3" };
        var kill = new Option<int>("--kill-at-frame") { Description = "device 0's frame at which its edge server is killed (0: half of --frames)", DefaultValueFactory = _ => 0 };
        var move = new Option<int>("--move-after-frames") { Description = "frames each device sends before it moves to another edge server", DefaultValueFactory = _ => d.MoveAfterFrames };
        var doc = new Option<string>("--doc") { Description = "markdown file for the results (this bench's section only)", DefaultValueFactory = _ => "docs/results/many-nodes.md", HelpName = "FILE.md" };
        var plot = new Option<string?>("--plot") { Description = "PNG of frames/s vs silos", DefaultValueFactory = _ => "docs/results/many-nodes-cluster.png", HelpName = "FILE.png" };
        var json = CommonOptions.Json();
        var command = new Command("cluster", "The edge tier on Orleans with real silo processes and Redis: sessions vs silos, a silo killed mid-stream, handover; writes docs/results/many-nodes.md")
        {
            devices, frames, silos, kill, move, doc, plot, json,
        };
        command.SetAction(async (r, ct) =>
        {
            var options = new ClusterBenchOptions
            {
                Devices = CommonOptions.Positive(r.GetValue(devices), "--devices"),
                Frames = CommonOptions.Positive(r.GetValue(frames), "--frames"),
                SiloCounts = r.GetValue(silos)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Count).ToList(),
                KillAtFrame = r.GetValue(kill),
                MoveAfterFrames = CommonOptions.Positive(r.GetValue(move), "--move-after-frames"),
            };
            if (options.SiloCounts.Count == 0) throw new UsageException("--silos needs at least one count, e.g. 1,2,3");
            if (options.KillFrame >= options.Frames || options.KillFrame < 1)
                throw new UsageException($"--kill-at-frame {options.KillFrame} must be between 1 and --frames − 1 ({options.Frames - 1})");
            if (options.MoveAfterFrames >= options.Frames)
                throw new UsageException($"--move-after-frames {options.MoveAfterFrames} must be below --frames ({options.Frames}); the device moves mid-stream");
            var jsonPath = r.GetValue(json);
            var console = Ui.For(jsonPath);
            var commandLine = "verge " + string.Join(' ', r.Tokens.Select(t => t.Value));
            var hostBefore = HostState.Read();
            var report = await ClusterBench.RunAsync(options, Launch, line => console.MarkupLine($"[grey]{Markup.Escape(line)}[/]"), ct);
            var host = $"{hostBefore} at the start, {HostState.Read()} at the end";

            if (!JsonOutput.ToStdout(jsonPath)) ClusterReport.Render(console, report);
            var plotPath = r.GetValue(plot);
            ClusterReport.WriteMarkdown(r.GetValue(doc)!, report, commandLine, host, plotPath);
            if (plotPath is not null) ClusterPlot.Save(report, plotPath);
            JsonOutput.Write(new
            {
                Command = commandLine, Host = host, report.FramesSent, report.FramesLost, report.FramesDuplicated, report.FramesRecomputed, report.ResumeSeconds, report.HandoverMs,
                report.Settings, report.Scaling, report.Failover, report.Handover, report.Acceptance,
            }, jsonPath);
            return 0;
        });
        return command;
    }

    /// <summary>`verge ARGS` as this process was started: `dotnet verge.dll` or the app host.</summary>
    private static ProcessStartInfo Launch(IReadOnlyList<string> args) => LaunchedProcess.SelfStartInfo(typeof(BenchClusterCommand).Assembly, args);

    private static int Count(string text) => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 8
        ? n : throw new UsageException($"silo count '{text}' must be a whole number from 1 to 8");
}

using System.Globalization;
using System.Text;
using Spectre.Console;
using Verge.Cluster.Benchmarks;
using Verge.Core.Files;

namespace Verge.Cli.Output;

/// <summary>The cluster benchmark as console tables and as its own section of docs/results/many-nodes.md.</summary>
internal static class ClusterReport
{
    private static readonly string[] ScalingHeader = ["silos", "devices", "frames", "seconds", "frames/s", "frame ms p50", "frame ms p99", "sessions per silo"];

    public static void Render(IAnsiConsole console, ClusterBenchReport report)
    {
        var table = new Table().RoundedBorder();
        foreach (var h in ScalingHeader) table.AddColumn(h);
        foreach (var row in ScalingRows(report)) table.AddRow(row.Select(Markup.Escape).ToArray());
        console.Write(table);
        foreach (var line in Facts(report)) console.MarkupLine(Markup.Escape(line));
        foreach (var line in report.Acceptance) console.MarkupLine(Markup.Escape(line));
    }

    public static void WriteMarkdown(string path, ClusterBenchReport report, string command, string host, string? plot)
    {
        var s = report.Settings;
        var md = new StringBuilder();
        md.AppendLine(Begin).AppendLine("## The edge tier on Orleans (`verge bench cluster`)").AppendLine();
        md.AppendLine($"Command: `{command}`  ").AppendLine($"Host: {host}; host loaded (helpers running) unless re-run on an idle host.").AppendLine();
        md.AppendLine(Inv($"Each silo is a real `verge serve --cluster` process on loopback, with a real `redis-server` (membership and session state), fresh for every run. {s.Devices} devices stream {s.Frames} frames each (one at a time, the header `verge-device` naming the device) through a 3-layer 512-wide fully connected stage (ONNX Runtime) that every edge server holds; device i calls edge server i mod silos, where its session grain is placed. "));
        md.AppendLine("A failed call is sent again, same frame id, to the next edge server; the stages count every computation, and the sessions every answer they persisted, in Redis (`--count-computations`), so a frame computed twice shows even when the silo that computed it first was killed.").AppendLine();
        md.AppendLine("| " + string.Join(" | ", ScalingHeader) + " |");
        md.AppendLine("|" + string.Concat(Enumerable.Repeat("---|", ScalingHeader.Length)));
        foreach (var row in ScalingRows(report)) md.AppendLine("| " + string.Join(" | ", row) + " |");
        md.AppendLine();
        foreach (var line in Facts(report)) md.AppendLine("- " + line);
        md.AppendLine().AppendLine("### Acceptance (issue 15, cluster)").AppendLine();
        foreach (var line in report.Acceptance) md.AppendLine("- " + line);
        if (plot is not null) md.AppendLine().AppendLine($"![frames per second vs silos]({Path.GetFileName(plot)})");
        md.AppendLine(End);
        AtomicFile.WriteAllText(path, PageSection.Merge(path, md.ToString(), Begin, End, "# Many nodes\n\n"), "results page");
    }

    private const string Begin = "<!-- verge bench cluster: begin -->", End = "<!-- verge bench cluster: end -->";

    private static IEnumerable<string> Facts(ClusterBenchReport report)
    {
        var (f, h) = (report.Failover, report.Handover);
        yield return Inv($"Failover ({f.Silos} silos, the silo process of device 0 killed at its frame {report.Settings.KillFrame}): {f.FramesSent} frames sent, {f.FramesLost} lost, {f.FramesDuplicated} answered frames computed again, {f.FramesRecomputed} computed again because the first computation died unanswered with the killed silo ({f.Computations} computations), {f.Retries} retries; the {f.DevicesAffected} devices whose sessions lived on the killed silo answered again after at most {f.ResumeSeconds:F2} s.");
        yield return Inv($"Handover (2 silos, every device moves from A to B after {report.Settings.MoveAfterFrames} frames; B pre-loads the stage ({h.StageLoadMs:F1} ms) while frames still flow to A, then the session migrates live with {h.StateKiB:F0} KiB of answered frames): handover p50 {h.HandoverMsP50:F1} ms (of which the migration on B {h.MigrateMsP50:F1} ms), max {h.HandoverMsMax:F1} ms; first frame on B p50 {h.FirstFrameMsP50:F1} ms (max {h.FirstFrameMsMax:F1}) vs steady state on A p50 {h.SteadyMsP50:F1} ms; {h.FramesSent} frames sent, {h.FramesLost} lost, {h.FramesDuplicated} computed twice; {h.SessionsOnNewServer} of {report.Settings.Devices} sessions answered from B.");
    }

    private static IEnumerable<string[]> ScalingRows(ClusterBenchReport report) => report.Scaling.Select(c => new[]
    {
        Inv($"{c.Silos}"), Inv($"{c.Devices}"), Inv($"{c.Frames}"), Inv($"{c.Seconds:F1}"), Inv($"{c.FramesPerSecond:F0}"),
        Inv($"{c.FrameMsP50:F1}"), Inv($"{c.FrameMsP99:F1}"), string.Join(",", c.SessionsPerSilo),
    });

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}

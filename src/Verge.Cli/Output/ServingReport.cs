using System.Globalization;
using System.Text;
using Spectre.Console;
using Verge.Net.Benchmarks.Serving;
using Verge.Core.Files;

namespace Verge.Cli.Output;

/// <summary>`verge bench serving`'s table on the console and its Markdown page (docs/results/serving.md).</summary>
internal static class ServingReport
{
    private static readonly string[] Columns =
        ["scenario", "variant", "sent/s", "answers/s", "p50 ms", "p99 ms", "queue ms", "compute ms", "mean batch", "rejected", "misses", "goodput/s", "mean AoI ms", "errors"];

    public static void Render(IAnsiConsole console, ServingBenchReport report)
    {
        var table = new Table().Border(TableBorder.Rounded).Title($"edge server under load over gRPC on loopback: {Markup.Escape(report.Model)}, {Markup.Escape(report.OverloadModel)}, {Markup.Escape(report.StreamsModel)}");
        foreach (var c in Columns) table.AddColumn(new TableColumn(c).RightAligned());
        foreach (var run in report.Runs) table.AddRow(Cells(run).Select(Markup.Escape).ToArray());
        console.Write(table);
        console.MarkupLine($"capacity of {Markup.Escape(report.OverloadModel)} (batching on, closed loop) {F(report.CapacityRps, 0)} answers/s; overload rate {F(report.OverloadRateRps, 0)} req/s, deadline {F(report.DeadlineMs, 1)} ms; " +
            $"capacity of {Markup.Escape(report.StreamsModel)} {F(report.StreamsCapacityRps, 0)} answers/s, streams rate {F(report.StreamsRateRps, 0)} req/s");
        if (report.Dashboard is { } d)
            console.MarkupLine($"dashboard throughput {F(d.DashboardRps, 0)} answers/s vs load generator {F(d.LoadWindowRps, 0)} over the same window ({F(d.Ratio, 2)}×; {F(d.LoadRps, 0)} over the run)");
        console.MarkupLine($"soak: peak RSS {F(report.Soak.PeakRssMb, 1)} MB, peak managed heap {F(report.Soak.PeakHeapMb, 1)} MB, RSS growth {F(100 * report.Soak.Growth, 1)} %");
        foreach (var a in report.Acceptance)
            console.MarkupLine($"{(a.Met ? "[green]met[/]" : "[red]not met[/]")}  {Markup.Escape(a.Name)}: {Markup.Escape(a.Measured)} (target {Markup.Escape(a.Target)})");
    }

    public static void WriteMarkdown(string path, ServingBenchReport report, string command, string host, string? plot)
    {
        var o = report.Options;
        var md = new StringBuilder();
        md.AppendLine("# The edge server under load");
        md.AppendLine();
        md.AppendLine($"Made by `{command}` on {DateTime.UtcNow:yyyy-MM-dd} (host: {host}).");
        md.AppendLine($"The edge server runs in the bench's own process with real gRPC on loopback ports (as `verge serve --models` runs it),");
        md.AppendLine($"serving zoo models (a model with a fixed batch of 1 is served unbatched) with {o.Instances} ONNX Runtime instances, `max_batch_size: {o.MaxBatchSize}`,");
        md.AppendLine($"queue `max_size: {o.QueueMaxSize}`; \"batching on\" adds `dynamic_batching {{max_queue_delay_us: {o.MaxQueueDelayUs}, preferred_batch_sizes: [{string.Join(", ", o.PreferredBatchSizes)}]}}`.");
        md.AppendLine($"The load comes from `verge load`'s generator in the same process, so client and server share the CPU. Each run starts a fresh");
        md.AppendLine($"server, warms it up for {F(o.Warmup.TotalSeconds, 1)} s closed-loop and measures for {F(o.RunDuration.TotalSeconds, 1)} s (the soak for {F(o.SoakDuration.TotalSeconds, 1)} s).");
        md.AppendLine($"Batching and the soak serve `{report.Model}`; overload serves `{report.OverloadModel}` and streams `{report.StreamsModel}`, each with an open loop at");
        md.AppendLine($"{F(o.Overload, 2)} × its capacity measured with batching on, closed loop ({F(report.CapacityRps, 0)} answers/s → {F(report.OverloadRateRps, 0)} req/s; " +
                      $"{F(report.StreamsCapacityRps, 0)} answers/s → {F(report.StreamsRateRps, 0)} req/s);");
        md.AppendLine($"overload deadline {F(report.DeadlineMs, 1)} ms ({(o.DeadlineMs is null ? $"{F(o.DeadlineFactor, 2)} × that run's mean compute time per answer" : "given")}), sent as `deadline_ms`");
        md.AppendLine("for the server to enforce (no gRPC deadline: the client cuts no call off; a late answer counts as a miss). The server counts");
        md.AppendLine("it from when the request's headers reached it, before its body was read; the client judges a miss from when it sent.");
        md.AppendLine("FIFO = arrival order, no admission, every frame served (the queue still drops requests whose deadline passed);");
        md.AppendLine("EDF + admission = earliest deadline first, requests refused at once when the measured batch-latency profile, scaled by how");
        md.AppendLine("much slower batches run now than when it was measured, predicts a miss;");
        md.AppendLine("latest-only = a stream's newer frame replaces its queued older one (the older is answered ABORTED).");
        md.AppendLine("Misses count requests that timed out or were answered after their deadline; the miss rate is among admitted requests");
        md.AppendLine("(all but the rejected). Mean AoI: time-average age of each stream's freshest answered frame, averaged over streams.");
        md.AppendLine("sent/s: requests the generator issued per second, up to the last one sent; an open loop that falls short of its rate");
        md.AppendLine("means the load generator, sharing the CPU, could not keep up, and the figures are not the server's.");
        md.AppendLine("A load average above the number of cores means other processes shared the CPU: then the figures are indicative only.");
        md.AppendLine();
        md.AppendLine("## Acceptance (issue 11)");
        md.AppendLine();
        md.AppendLine("| figure | measured | target | |");
        md.AppendLine("|---|---:|---:|---|");
        foreach (var a in report.Acceptance)
            md.AppendLine($"| {a.Name} | {a.Measured} | {a.Target} | {(a.Met ? "met" : "**not met**")} |");
        md.AppendLine();
        md.AppendLine("## Runs");
        md.AppendLine();
        md.AppendLine("| " + string.Join(" | ", Columns) + " | load |");
        md.AppendLine("|---|---|" + string.Concat(Enumerable.Repeat("---:|", Columns.Length - 2)) + "---|");
        foreach (var run in report.Runs)
            md.AppendLine("| " + string.Join(" | ", Cells(run)) + $" | {run.Load} |");
        md.AppendLine();
        md.AppendLine("## Soak");
        md.AppendLine();
        var s = report.Soak;
        md.AppendLine($"{s.Streams} device streams, one closed-loop client each, for {F(o.SoakDuration.TotalSeconds, 1)} s: {s.Run.Report.Answered} answers, " +
                      $"{s.Run.Report.Rejected} deliberate rejections (superseded frames), {s.Run.Report.Errors} errors. Memory of the whole process (server and");
        md.AppendLine($"load generator), sampled every {F(o.MemoryInterval.TotalMilliseconds, 0)} ms: peak RSS **{F(s.PeakRssMb, 1)} MB**, peak managed heap **{F(s.PeakHeapMb, 1)} MB**;");
        md.AppendLine($"mean RSS of the second half vs the first: {F(100 * s.Growth, 1)} %. The queue holds at most {o.QueueMaxSize} requests " +
                      $"of {F(28 * 28 * 4 / 1024.0, 1)} KiB input each, and latest-only keeps at most one frame per stream.");
        if (report.Dashboard is { } d)
        {
            md.AppendLine();
            md.AppendLine("## Dashboard check");
            md.AppendLine();
            md.AppendLine($"During \"batching on\", `GET /v2/dashboard` (polled at 30 % of the run, read at 70 %) showed **{F(d.DashboardRps, 0)} answers/s**;");
            md.AppendLine($"the load generator's timeline counted {F(d.LoadWindowRps, 0)} answers/s over the same window ({F(d.Ratio, 2)}×) and {F(d.LoadRps, 0)} over the whole run.");
        }
        if (plot is not null)
        {
            md.AppendLine();
            md.AppendLine($"![serving]({Path.GetFileName(plot)})");
        }
        AtomicFile.WriteAllText(path, md.ToString(), "Markdown");
    }

    private static IEnumerable<string> Cells(ServingRun run)
    {
        var r = run.Report;
        return
        [
            run.Scenario, run.Variant, F(r.SentRps, 0), F(r.ThroughputRps, 0), F(r.P50Ms, 2), F(r.P99Ms, 2), F(r.QueueMs, 2), F(r.ComputeMs, 2), F(run.MeanBatch, 1),
            r.Rejected.ToString(CultureInfo.InvariantCulture), $"{r.DeadlineMisses} ({F(100 * run.MissRate, 1)} %)", F(r.GoodputRps, 0),
            double.IsNaN(r.MeanAoiMs) ? "–" : F(r.MeanAoiMs, 1), r.Errors.ToString(CultureInfo.InvariantCulture),
        ];
    }

    private static string F(double x, int digits) =>
        double.IsNaN(x) ? "–" : x.ToString("N" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}

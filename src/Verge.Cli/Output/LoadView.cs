using System.Globalization;
using Spectre.Console;
using Verge.Net.Serving.Load;

namespace Verge.Cli.Output;

/// <summary>`verge load`'s tables: one run's measures, or a sweep's row per point.</summary>
internal static class LoadView
{
    public static string Number(double v) => double.IsNaN(v) ? "-" : v.ToString("0.00", CultureInfo.InvariantCulture);

    public static void Render(IAnsiConsole console, LoadOptions options, LoadReport report)
    {
        var F = Number;
        var mode = options.Rate is double rate ? $"open loop at {rate:0.#} req/s" : $"{options.Concurrency} closed-loop clients";
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"[bold]{Markup.Escape(options.Model)}[/] at {Markup.Escape(options.Url)}, {mode}, {report.DurationS:0.0} s")
            .AddColumn("measure").AddColumn("value", c => c.RightAligned());
        table.AddRow("requests / answered / errors", $"{report.Requests} / {report.Answered} / {report.Errors}");
        table.AddRow("throughput (req/s)", F(report.ThroughputRps));
        table.AddRow("latency p50 / p90 / p95 / p99 (ms)", $"{F(report.P50Ms)} / {F(report.P90Ms)} / {F(report.P95Ms)} / {F(report.P99Ms)}");
        table.AddRow("server queue / compute (ms, mean)", $"{F(report.QueueMs)} / {F(report.ComputeMs)}");
        table.AddRow("rejected", report.Rejected.ToString());
        table.AddRow("deadline misses", report.DeadlineMisses.ToString());
        table.AddRow("goodput (req/s)", F(report.GoodputRps));
        if (options.Streams > 0) table.AddRow("mean age of information (ms)", F(report.MeanAoiMs));
        console.Write(table);
    }

    public static void Render(IAnsiConsole console, LoadOptions options, LoadSweep sweep, IReadOnlyList<LoadPoint> points)
    {
        var F = Number;
        var mode = sweep.Axis == LoadSweepAxis.Concurrency ? "closed loop" : "open loop";
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"[bold]{Markup.Escape(options.Model)}[/] at {Markup.Escape(options.Url)}, {mode}, {options.Duration.TotalSeconds:0.0} s per point")
            .AddColumn(sweep.AxisName);
        foreach (var column in new[] { "req/s", "p50 ms", "p90 ms", "p95 ms", "p99 ms", "queue ms", "compute ms", "rejected", "misses", "goodput/s" })
            table.AddColumn(column, c => c.RightAligned());
        if (options.Streams > 0) table.AddColumn("AoI ms", c => c.RightAligned());
        foreach (var (value, r) in points)
        {
            var row = new List<string>
            {
                value.ToString("0.##", CultureInfo.InvariantCulture), F(r.ThroughputRps), F(r.P50Ms), F(r.P90Ms), F(r.P95Ms), F(r.P99Ms),
                F(r.QueueMs), F(r.ComputeMs), r.Rejected.ToString(CultureInfo.InvariantCulture), r.DeadlineMisses.ToString(CultureInfo.InvariantCulture), F(r.GoodputRps),
            };
            if (options.Streams > 0) row.Add(F(r.MeanAoiMs));
            table.AddRow(row.ToArray());
        }
        console.Write(table);
    }
}

using System.Globalization;
using ScottPlot;
using Verge.Core.Files;
using Verge.Net.Serving.Load;

namespace Verge.Cli.Output;

/// <summary>
/// `verge load --plot`: one run as throughput and latency (p50, p99) over time; a sweep as p99 latency against
/// throughput, one labelled point per concurrency or rate — where the curve turns up is the server's capacity.
/// </summary>
internal static class LoadPlot
{
    public static void Save(LoadOptions options, LoadReport report, string path)
    {
        var multiplot = new Multiplot();
        multiplot.AddPlots(2);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Columns();
        var throughput = multiplot.GetPlot(0);
        var latency = multiplot.GetPlot(1);
        var slices = report.Timeline;
        var t = slices.Select(s => s.StartS).ToArray();
        throughput.Add.Scatter(t, slices.Select(s => s.ThroughputRps).ToArray()).LegendText = "answers/s";
        throughput.Title($"{options.Model}: throughput ({report.ThroughputRps:0.#} req/s overall)");
        throughput.XLabel("time into the run (s)");
        throughput.YLabel("answers per second");
        var answered = slices.Where(s => !double.IsNaN(s.P50Ms)).ToList();
        var p50 = latency.Add.Scatter(answered.Select(s => s.StartS).ToArray(), answered.Select(s => s.P50Ms).ToArray());
        p50.LegendText = "p50";
        var p99 = latency.Add.Scatter(answered.Select(s => s.StartS).ToArray(), answered.Select(s => s.P99Ms).ToArray());
        p99.LegendText = "p99";
        latency.Title($"{options.Model}: latency (p50 {LoadView.Number(report.P50Ms)}, p99 {LoadView.Number(report.P99Ms)} ms overall)");
        latency.XLabel("time into the run (s)");
        latency.YLabel("latency (ms)");
        latency.ShowLegend(Alignment.UpperRight);
        AtomicFile.WriteVia(path, p => multiplot.SavePng(p, 1400, 600), "plot");
    }

    public static void Save(LoadOptions options, LoadSweep sweep, IReadOnlyList<LoadPoint> points, string path)
    {
        var plot = new Plot();
        var shown = points.Where(p => !double.IsNaN(p.Report.P99Ms)).ToList();
        var line = plot.Add.Scatter(shown.Select(p => p.Report.ThroughputRps).ToArray(), shown.Select(p => p.Report.P99Ms).ToArray());
        line.MarkerSize = 8;
        foreach (var p in shown)
        {
            var label = plot.Add.Text($"{sweep.AxisName} {p.Value.ToString("0.##", CultureInfo.InvariantCulture)}", p.Report.ThroughputRps, p.Report.P99Ms);
            label.LabelFontSize = 11;
            label.OffsetX = 6;
        }
        plot.Axes.Margins(left: 0.1, right: 0.25, bottom: 0.1, top: 0.1); // room for the last point's label
        plot.Title($"{options.Model}: p99 latency vs throughput, {sweep.AxisName} sweep");
        plot.XLabel("throughput (answers per second)");
        plot.YLabel("p99 latency (ms)");
        AtomicFile.WriteVia(path, p => plot.SavePng(p, 1000, 650), "plot");
    }
}

using ScottPlot;
using Verge.Net.Benchmarks.Serving;
using Verge.Core.Files;

namespace Verge.Cli.Output;

/// <summary>
/// `verge bench serving` in four panels: answers/s with batching off and on (p99 in the labels), goodput of FIFO
/// and EDF + admission under overload, mean age of information of FIFO and latest-only streams, and the soak's
/// resident memory over time.
/// </summary>
public static class ServingPlot
{
    public static void Save(ServingBenchReport report, string path)
    {
        var multiplot = new Multiplot();
        multiplot.AddPlots(4);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Columns();
        var off = report.Run(ServingBench.Batching, "off").Report;
        var on = report.Run(ServingBench.Batching, "on").Report;
        Bars(multiplot.GetPlot(0), $"batching ({report.Options.Clients} closed-loop clients)", "answers/s",
            ($"off\np99 {off.P99Ms:0.#} ms", off.ThroughputRps, Colors.Gray), ($"on\np99 {on.P99Ms:0.#} ms", on.ThroughputRps, Colors.SeaGreen));
        var fifo = report.Run(ServingBench.Overload, "fifo");
        var edf = report.Run(ServingBench.Overload, "edf+admission");
        Bars(multiplot.GetPlot(1), $"{report.Options.Overload:0.##}× overload, deadline {report.DeadlineMs:0.#} ms", "goodput (answers in time/s)",
            ($"FIFO\nmisses {100 * fifo.MissRate:0.#} %", fifo.Report.GoodputRps, Colors.Gray),
            ($"EDF + admission\nmisses {100 * edf.MissRate:0.#} %", edf.Report.GoodputRps, Colors.SteelBlue));
        var fifoStreams = report.Run(ServingBench.Streams, "fifo").Report;
        var latest = report.Run(ServingBench.Streams, "latest-only").Report;
        Bars(multiplot.GetPlot(2), $"{report.Options.Streams} streams at {report.Options.Overload:0.##}× capacity", "mean age of information (ms)",
            ("FIFO", fifoStreams.MeanAoiMs, Colors.Gray), ("latest-only", latest.MeanAoiMs, Colors.OrangeRed));

        var soak = multiplot.GetPlot(3);
        var samples = report.Soak.Samples;
        var rss = soak.Add.Scatter(samples.Select(s => s.Seconds).ToArray(), samples.Select(s => s.RssBytes / 1e6).ToArray());
        rss.LegendText = "RSS";
        var heap = soak.Add.Scatter(samples.Select(s => s.Seconds).ToArray(), samples.Select(s => s.HeapBytes / 1e6).ToArray());
        heap.LegendText = "managed heap";
        soak.Title($"soak: {report.Soak.Streams} streams");
        soak.XLabel("seconds");
        soak.YLabel("MB (server + load generator)");
        soak.ShowLegend(Alignment.LowerRight);
        AtomicFile.WriteVia(path, p => multiplot.SavePng(p, 1800, 500), "plot");
    }

    private static void Bars(Plot plot, string title, string unit, params (string Label, double Value, Color Color)[] bars)
    {
        plot.Add.Bars(bars.Select((b, i) => new Bar { Position = i, Value = double.IsFinite(b.Value) ? b.Value : 0, FillColor = b.Color }).ToList());
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(bars.Select((b, i) => new Tick(i, b.Label)).ToArray());
        plot.Axes.Margins(bottom: 0);
        plot.Title(title);
        plot.YLabel(unit);
    }
}

using ScottPlot;
using Verge.Core.Files;
using Verge.Net.Benchmarks.Streams;

namespace Verge.Cli.Output;

/// <summary>`verge bench streams` in four panels: frames sent per gate and stream, allocator vs uniform over stream
/// counts, frames/s and largest accuracy drop per stem depth, Precog's local share and accuracy.</summary>
internal static class StreamsPlot
{
    public static void Save(StreamsBenchReport report, string path)
    {
        var multiplot = new Multiplot();
        multiplot.AddPlots(4);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Columns();

        Bars(multiplot.GetPlot(0), "frames sent (calibrated gates)", "% of frames",
            report.ChangeDetection.Select(r => ($"{r.Stream}\n{(r.Technique.StartsWith("change", StringComparison.Ordinal) ? "Glimpse" : "DeepMon")}\nacc {100 * r.Accuracy:0.0}/{100 * r.AccuracyEveryFrame:0.0}", 100 * r.OffloadedFraction)).ToArray());

        var alloc = multiplot.GetPlot(1);
        // The acceptance's knob set, on each stream mix: the periodic scheduler and uniform from the same estimates.
        var set = report.EightStreams.KnobSet;
        foreach (var mix in report.Allocation.Where(r => r.KnobSet == set).Select(r => r.Mix).Distinct())
        {
            var rows = report.Allocation.Where(r => r.KnobSet == set && r.Mix == mix).ToList();
            var n = rows.Select(r => (double)r.Streams).ToArray();
            alloc.Add.Scatter(n, rows.Select(r => 100 * r.Scheduler.MeanAccuracy).ToArray()).LegendText = $"periodic scheduler, {mix}";
            alloc.Add.Scatter(n, rows.Select(r => 100 * r.Scheduler.UniformMeanAccuracy).ToArray()).LegendText = $"uniform, {mix}";
        }
        alloc.Title("knob allocation (unseen windows)");
        alloc.XLabel("streams");
        alloc.YLabel("mean accuracy (%)");
        alloc.ShowLegend(Alignment.LowerLeft);

        Bars(multiplot.GetPlot(2), "shared stem: frames/s vs k", "frames/s (3 applications)",
            report.Stems.Rows.Select(r => ($"k={r.SharedLayers}\ndrop {100 * r.Drop.Values.Max():0.0}", r.Fps)).ToArray());

        var p = report.Precog;
        Bars(multiplot.GetPlot(3), "Precog (drifting stream)", "%",
            ("on device", 100 * p.LocalFraction), ("accuracy", 100 * p.Accuracy), ("always\noffloading", 100 * p.AccuracyOffload));
        AtomicFile.WriteVia(path, file => multiplot.SavePng(file, 1800, 500), "plot");
    }

    private static void Bars(Plot plot, string title, string unit, params (string Label, double Value)[] bars)
    {
        plot.Add.Bars(bars.Select((b, i) => new Bar { Position = i, Value = double.IsFinite(b.Value) ? b.Value : 0 }).ToList());
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(bars.Select((b, i) => new Tick(i, b.Label)).ToArray());
        plot.Axes.Margins(bottom: 0);
        plot.Title(title);
        plot.YLabel(unit);
    }
}

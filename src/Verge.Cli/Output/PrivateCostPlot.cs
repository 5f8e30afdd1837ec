using ScottPlot;
using Verge.Core.Files;

namespace Verge.Cli.Output;

/// <summary>`verge bench private --plot`: latency and bytes per frame of plaintext offloading, 2pc and he for one model (log axes).</summary>
internal static class PrivateCostPlot
{
    public sealed record Bar(string Protocol, double MsPerFrame, double BytesPerFrame);

    public static void Save(string model, IReadOnlyList<Bar> bars, string path)
    {
        var multiplot = new Multiplot();
        multiplot.AddPlots(2);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Columns();
        Panel(multiplot.GetPlot(0), bars, b => b.MsPerFrame, $"{model}: latency per frame", "log10 ms per frame");
        Panel(multiplot.GetPlot(1), bars, b => b.BytesPerFrame, $"{model}: bytes per frame (online)", "log10 bytes per frame");
        AtomicFile.WriteVia(path, p => multiplot.SavePng(p, 1200, 500), "plot");
    }

    private static void Panel(Plot plot, IReadOnlyList<Bar> bars, Func<Bar, double> value, string title, string label)
    {
        var positions = bars.Select((b, i) => new Tick(i, b.Protocol)).ToArray();
        plot.Add.Bars(bars.Select(b => Math.Log10(Math.Max(value(b), 1e-3))).ToArray());
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(positions);
        plot.Title(title);
        plot.YLabel(label);
    }
}

using ScottPlot;
using Verge.Core.Files;

namespace Verge.Cli.Output;

/// <summary>One metric of the benchmark repository across systems, one bar each.</summary>
public static class ResultsPlot
{
    public static void Save(string metric, IReadOnlyList<(string Label, double Value)> bars, string path)
    {
        var plot = new Plot();
        var positions = Enumerable.Range(0, bars.Count).Select(i => (double)i).ToArray();
        var added = plot.Add.Bars(positions, bars.Select(b => b.Value).ToArray());
        added.Color = Colors.SteelBlue;
        plot.Axes.Bottom.SetTicks(positions, bars.Select(b => b.Label).ToArray());
        plot.Title($"{metric} by system (latest record of each)");
        plot.Axes.Left.Label.Text = metric;
        plot.Axes.Margins(bottom: 0);
        AtomicFile.WriteVia(path, p => plot.SavePng(p, Math.Max(600, 160 * bars.Count), 500), "plot");
    }
}

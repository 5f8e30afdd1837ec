using ScottPlot;
using Verge.Inference.Runtime;
using Verge.Core.Files;

namespace Verge.Cli.Output;

/// <summary>
/// The picture that motivates partitioning: per-layer latency (bars, left axis) against the size of each layer's
/// output (line, right axis, log scale) — early layers are cheap but emit large tensors, late ones the reverse.
/// </summary>
public static class ProfilePlot
{
    public static void Save(ModelProfile profile, string path)
    {
        var plot = new Plot();
        var xs = Enumerable.Range(0, profile.Nodes.Count).Select(i => (double)i).ToArray();
        var bars = plot.Add.Bars(xs, profile.Nodes.Select(n => n.Ms).ToArray());
        bars.Color = Colors.SteelBlue;
        bars.LegendText = "latency (ms)";

        var kib = profile.Nodes.Select(n => Math.Log10(Math.Max(1, n.OutputBytes) / 1024.0 + 1e-3)).ToArray();
        var line = plot.Add.Scatter(xs, kib);
        line.Color = Colors.OrangeRed;
        line.LineWidth = 2;
        line.MarkerSize = 4;
        line.LegendText = "output size (log10 KiB)";
        line.Axes.YAxis = plot.Axes.Right;

        plot.Title($"{Path.GetFileName(profile.Model)}: per-layer latency and output size ({profile.Threads} threads)");
        plot.XLabel("layer (topological order)");
        plot.Axes.Left.Label.Text = "median latency (ms)";
        plot.Axes.Right.Label.Text = "output size, log10(KiB)";
        plot.Axes.Margins(bottom: 0);
        plot.ShowLegend(Alignment.UpperRight);
        AtomicFile.WriteVia(path, p => plot.SavePng(p, 1400, 600), "plot");
    }
}

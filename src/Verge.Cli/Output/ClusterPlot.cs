using ScottPlot;
using Verge.Cluster.Benchmarks;
using Verge.Core.Files;

namespace Verge.Cli.Output;

/// <summary>Frames per second served against silos (the scaling runs), with the failover and handover figures in the title.</summary>
public static class ClusterPlot
{
    public static void Save(ClusterBenchReport report, string path)
    {
        var plot = new Plot();
        var points = report.Scaling.OrderBy(c => c.Silos).ToList();
        var line = plot.Add.Scatter(points.Select(c => (double)c.Silos).ToArray(), points.Select(c => c.FramesPerSecond).ToArray());
        line.LegendText = $"{report.Settings.Devices} devices";
        plot.Axes.Bottom.Label.Text = "silos (verge serve --cluster processes)";
        plot.Axes.Left.Label.Text = "frames per second, all devices";
        plot.Title($"Edge tier on Orleans: kill → resumed in {report.ResumeSeconds:F2} s, {report.FramesLost} lost; handover p50 {report.HandoverMs:F1} ms");
        plot.ShowLegend(Alignment.UpperLeft);
        AtomicFile.WriteVia(path, p => plot.SavePng(p, 900, 550), "plot");
    }
}

using ScottPlot;
using Verge.Core.Files;
using Verge.Net.Benchmarks.Tiles;

namespace Verge.Cli.Output;

/// <summary>Speedup against helpers, one line per model × grid, and each grid's peak-memory ratio in the legend.</summary>
public static class TilesPlot
{
    public static void Save(TilesBenchReport report, string path)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        int k = 0;
        foreach (var group in report.Cases.GroupBy(c => (c.Model, Grid: c.Schedule switch { "latency" => "latency-optimal", "chain" => "chain of blocks", _ => c.Grid })))
        {
            var points = group.OrderBy(c => c.Helpers).ToList();
            var line = plot.Add.Scatter(points.Select(c => (double)c.Helpers).ToArray(), points.Select(c => c.Speedup).ToArray());
            line.Color = palette.GetColor(k++);
            line.LegendText = $"{group.Key.Model.Replace("zoo:", "")} {group.Key.Grid} (memory {points[0].PeakMemoryRatio:F2}×)";
        }
        var one = plot.Add.HorizontalLine(1.0);
        one.Color = Colors.Gray;
        plot.Axes.Bottom.Label.Text = "helpers";
        plot.Axes.Left.Label.Text = "speedup over device-only";
        plot.Title("Fused Tile Partitioning over gRPC (legend: largest tile's peak memory / one device)");
        plot.ShowLegend(Alignment.UpperLeft);
        AtomicFile.WriteVia(path, p => plot.SavePng(p, 1000, 650), "plot");
    }
}

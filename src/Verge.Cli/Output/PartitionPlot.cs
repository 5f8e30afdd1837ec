using ScottPlot;
using Verge.Net.Execution;

namespace Verge.Cli.Output;

/// <summary>Measured latency of device-only, edge-only and the planner's choice per model × network × device speed (log scale).</summary>
public static class PartitionPlot
{
    public static void Save(IReadOnlyList<(string Model, PartitionSweep.Cell Cell)> rows, string path)
    {
        var plot = new Plot();
        var series = new (string Label, Func<PartitionSweep.Cell, PartitionSweep.Measurement> Pick, Color Color)[]
        {
            ("device-only", c => c.Of("device-only"), Colors.SteelBlue),
            ("edge-only", c => c.Of("edge-only"), Colors.Gray),
            ("planner's choice", c => c.Of(c.Chosen), Colors.OrangeRed),
        };
        for (int s = 0; s < series.Length; s++)
        {
            var bars = rows.Select((row, i) => new Bar
            {
                Position = i * 4 + s,
                Value = Math.Log10(Math.Max(0.01, series[s].Pick(row.Cell).MeasuredP50Ms)),
                FillColor = series[s].Color,
            }).ToList();
            var added = plot.Add.Bars(bars);
            added.LegendText = series[s].Label;
        }
        var ticks = rows.Select((row, i) => new Tick(i * 4 + 1, $"{row.Model.Replace("zoo:", "")}\n{row.Cell.Network} s={row.Cell.DeviceSpeed:G}")).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks);
        plot.Axes.Bottom.TickLabelStyle.FontSize = 9;
        plot.Axes.Left.Label.Text = "measured latency, log10(ms)";
        plot.Title("Partitioned inference over gRPC: device-only vs edge-only vs planner");
        plot.ShowLegend(Alignment.UpperRight);
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        plot.SavePng(path, Math.Max(900, rows.Count * 90), 600);
    }
}

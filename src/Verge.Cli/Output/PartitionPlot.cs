using ScottPlot;
using Verge.Net.Benchmarks.Partition;
using Verge.Core.Files;

namespace Verge.Cli.Output;

/// <summary>
/// Measured latency of device-only, edge-only, the best interior split and the planner's choice per model × network ×
/// device speed (log scale); a black tick on each bar marks the cost model's prediction.
/// </summary>
public static class PartitionPlot
{
    public static void Save(IReadOnlyList<(string Model, PartitionSweep.Cell Cell)> rows, string path)
    {
        var plot = new Plot();
        var series = new (string Label, Func<PartitionSweep.Cell, PartitionSweep.Measurement?> Pick, Color Color)[]
        {
            ("device-only", c => c.Of("device-only"), Colors.SteelBlue),
            ("edge-only", c => c.Of("edge-only"), Colors.Gray),
            ("best split", c => c.Split, Colors.SeaGreen),
            ("planner's choice", c => c.Of(c.Chosen), Colors.OrangeRed),
        };
        const int stride = 5;
        static double Log(double ms) => Math.Log10(Math.Max(0.01, ms));
        for (int s = 0; s < series.Length; s++)
        {
            var measured = rows.Select((row, i) => (i, m: series[s].Pick(row.Cell))).Where(x => x.m is not null).ToList();
            var added = plot.Add.Bars(measured.Select(x => new Bar { Position = x.i * stride + s, Value = Log(x.m!.MeasuredP50Ms), FillColor = series[s].Color }).ToList());
            added.LegendText = series[s].Label;
            foreach (var (i, m) in measured)
            {
                var tick = plot.Add.Line(i * stride + s - 0.4, Log(m!.PredictedMs), i * stride + s + 0.4, Log(m.PredictedMs));
                tick.Color = Colors.Black;
                tick.LineWidth = 2;
            }
        }
        var ticks = rows.Select((row, i) => new Tick(i * stride + 1.5, $"{row.Model.Replace("zoo:", "")}\n{row.Cell.Network} s={row.Cell.DeviceSpeed:G}")).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks);
        plot.Axes.Bottom.TickLabelStyle.FontSize = 9;
        plot.Axes.Left.Label.Text = "measured latency, log10(ms)";
        plot.Title("Partitioned inference over gRPC: measured bars, predicted ticks");
        plot.ShowLegend(Alignment.UpperRight);
        AtomicFile.WriteVia(path, p => plot.SavePng(p, Math.Max(900, rows.Count * 110), 600), "plot");
    }
}

using ScottPlot;
using Verge.Learning.Federated.Simulation;
using Verge.Core.Files;

namespace Verge.Cli.Output;

/// <summary>
/// Federated runs side by side: test accuracy against rounds (left) and against cumulative uplink bytes (right,
/// log scale) — the second shows what a compressed update buys. By seconds, the left plot's x axis is the simulated
/// clock instead (the unit of a --budget); a hierarchical run with Gaia's filter adds its edge→cloud bytes alone.
/// </summary>
public static class FederatedPlot
{
    public static void Save(IReadOnlyList<SimulationReport> reports, string path, bool bySeconds = false, IReadOnlyList<string>? labels = null)
    {
        var multiplot = new Multiplot();
        multiplot.AddPlots(2);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Columns();
        var byRound = multiplot.GetPlot(0);
        var byBytes = multiplot.GetPlot(1);
        var palette = new ScottPlot.Palettes.Category10();
        for (int i = 0; i < reports.Count; i++)
        {
            var report = reports[i];
            var label = labels?[i] ?? $"{report.Strategy} {report.Codec} ({report.Clients} clients)";
            double clock = 0;
            var rounds = report.Rounds.Select(r => bySeconds ? clock += r.SimSeconds : r.Round).ToArray();
            var accuracy = report.Rounds.Select(r => 100 * r.TestAcc).ToArray();
            long cumulative = 0;
            var bytes = report.Rounds.Select(r => Math.Log10(Math.Max(1, cumulative += r.UplinkBytes))).ToArray();
            var a = byRound.Add.Scatter(rounds, accuracy);
            a.LegendText = label;
            a.Color = palette.GetColor(i);
            var b = byBytes.Add.Scatter(bytes, accuracy);
            b.LegendText = label;
            b.Color = palette.GetColor(i);
            if (report.Rounds.Any(r => r.CloudUplinkBytes is not null))
            {
                long cloud = 0;
                var wide = byBytes.Add.Scatter(report.Rounds.Select(r => Math.Log10(Math.Max(1, cloud += r.CloudUplinkBytes ?? 0))).ToArray(), accuracy);
                wide.LegendText = $"{label}, edge→cloud only";
                wide.Color = palette.GetColor(i);
                wide.LinePattern = LinePattern.Dashed;
            }
        }
        byRound.Title(bySeconds ? "test accuracy vs simulated time (budget)" : "test accuracy vs rounds");
        byRound.XLabel(bySeconds ? "simulated seconds spent" : "round");
        byRound.YLabel("test accuracy (%)");
        byRound.ShowLegend(Alignment.LowerRight);
        byBytes.Title("test accuracy vs cumulative uplink");
        byBytes.XLabel("cumulative uplink, log10(bytes)");
        byBytes.YLabel("test accuracy (%)");
        AtomicFile.WriteVia(path, p => multiplot.SavePng(p, 1400, 600), "plot");
    }
}

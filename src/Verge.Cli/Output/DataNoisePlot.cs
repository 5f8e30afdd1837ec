using ScottPlot;
using Verge.Core.Files;
using Verge.Learning.Privacy.Bench;

namespace Verge.Cli.Output;

/// <summary>`verge bench data-noise --plot`: test accuracy (left) and each membership attack's AUC (right) against the noise level.</summary>
internal static class DataNoisePlot
{
    public static void Save(IReadOnlyList<DataNoiseRow> rows, string model, string path)
    {
        var x = rows.Select(r => r.Scale).ToArray();
        var multiplot = new Multiplot();
        multiplot.AddPlots(2);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Columns();
        var acc = multiplot.GetPlot(0);
        acc.Add.Scatter(x, rows.Select(r => r.TestAccuracy * 100).ToArray()).LegendText = "test accuracy";
        acc.Add.Scatter(x, rows.Select(r => r.MemberAccuracy * 100).ToArray()).LegendText = "clean members";
        acc.Title($"{model}: accuracy vs training-data noise");
        acc.XLabel("noise std (pixels in [0, 1])");
        acc.YLabel("accuracy (%)");
        acc.ShowLegend(Alignment.LowerLeft);
        var auc = multiplot.GetPlot(1);
        foreach (var attack in rows[0].Attacks.Select(a => a.Attack))
            auc.Add.Scatter(x, rows.Select(r => r.Attacks.First(a => a.Attack == attack).Auc).ToArray()).LegendText = $"{attack} AUC";
        auc.Add.HorizontalLine(0.5).LegendText = "chance";
        auc.Title($"{model}: membership attack AUC vs training-data noise");
        auc.XLabel("noise std (pixels in [0, 1])");
        auc.YLabel("AUC");
        auc.ShowLegend(Alignment.UpperRight);
        AtomicFile.WriteVia(path, p => multiplot.SavePng(p, 1400, 600), "plot");
    }
}

using ScottPlot;
using Verge.Core.Files;
using Verge.Learning.Privacy.SplitLearning;

namespace Verge.Cli.Output;

/// <summary>`verge bench split-learning --plot`: test accuracy and the inversion attack's PSNR against ε (log axis).</summary>
internal static class SplitLearningPlot
{
    public static void Save(SplitLearningResult result, string path)
    {
        var noisy = result.Rows.Where(r => !double.IsPositiveInfinity(r.Epsilon)).OrderBy(r => r.Epsilon).ToList();
        var clean = result.Rows.First(r => double.IsPositiveInfinity(r.Epsilon));
        var x = noisy.Select(r => Math.Log10(r.Epsilon)).ToArray();
        var multiplot = new Multiplot();
        multiplot.AddPlots(2);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Columns();
        var acc = multiplot.GetPlot(0);
        acc.Add.Scatter(x, noisy.Select(r => r.Accuracy * 100).ToArray()).LegendText = "split learning, noised activations";
        acc.Add.Scatter(x, noisy.Select(r => r.AttackAccuracy * 100).ToArray()).LegendText = "trained model on reconstructions";
        acc.Add.HorizontalLine(clean.Accuracy * 100).LegendText = "clean split learning";
        acc.Title($"{result.Model}: accuracy vs ε");
        acc.XLabel("log10 ε");
        acc.YLabel("accuracy (%)");
        acc.ShowLegend(Alignment.LowerRight);
        var psnr = multiplot.GetPlot(1);
        psnr.Add.Scatter(x, noisy.Select(r => r.Psnr).ToArray()).LegendText = "inversion PSNR (best decoder)";
        psnr.Add.HorizontalLine(clean.Psnr).LegendText = "clean activations";
        psnr.Title($"{result.Model}: inversion attack PSNR vs ε");
        psnr.XLabel("log10 ε");
        psnr.YLabel("PSNR (dB)");
        psnr.ShowLegend(Alignment.LowerRight);
        AtomicFile.WriteVia(path, p => multiplot.SavePng(p, 1400, 600), "plot");
    }
}

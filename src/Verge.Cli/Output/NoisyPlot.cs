using ScottPlot;
using Verge.Core.Files;
using Verge.Learning.Privacy.NoisyFeatures;

namespace Verge.Cli.Output;

/// <summary>`verge bench noisy-features --plot`: the tail's accuracy and the inversion attack's PSNR against ε (log axis).</summary>
internal static class NoisyPlot
{
    public static void Save(NoisyFeatureResult result, string path)
    {
        var noisy = result.Rows.Where(r => !double.IsPositiveInfinity(r.Epsilon)).OrderBy(r => r.Epsilon).ToList();
        var clean = result.Rows.First(r => double.IsPositiveInfinity(r.Epsilon));
        var multiplot = new Multiplot();
        multiplot.AddPlots(2);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Columns();
        var acc = multiplot.GetPlot(0);
        var sweep = noisy.GroupBy(r => r.Nullification).ToList();
        string trained = noisy.Any(r => r.HeadTrained) ? "head + tail trained with the noise" : "tail, noisy training";
        foreach (var g in sweep)
        {
            var x = g.Select(r => Math.Log10(r.Epsilon)).ToArray();
            var tag = sweep.Count > 1 ? $" (p = {g.Key:G2})" : "";
            acc.Add.Scatter(x, g.Select(r => r.AccuracyFineTuned * 100).ToArray()).LegendText = trained + tag;
            if (sweep.Count == 1)
            {
                acc.Add.Scatter(x, g.Select(r => r.AccuracyNoisy * 100).ToArray()).LegendText = "tail, no fine-tuning";
                acc.Add.Scatter(x, g.Select(r => r.AttackAccuracy * 100).ToArray()).LegendText = "clean model on reconstructions";
            }
        }
        acc.Add.HorizontalLine(clean.AccuracyFineTuned * 100).LegendText = "clean split (fine-tuned as long)";
        acc.Title($"{result.Model}: accuracy vs ε");
        acc.XLabel("log10 ε");
        acc.YLabel("accuracy (%)");
        acc.ShowLegend(Alignment.LowerRight);
        var psnr = multiplot.GetPlot(1);
        foreach (var g in sweep)
            psnr.Add.Scatter(g.Select(r => Math.Log10(r.Epsilon)).ToArray(), g.Select(r => r.Psnr).ToArray()).LegendText =
                "inversion PSNR (best decoder)" + (sweep.Count > 1 ? $" (p = {g.Key:G2})" : "");
        // With --train-head: the same attack on the new head's features without the noise.
        foreach (var g in sweep.Where(g => g.All(r => r.NoiseFree is not null)))
            psnr.Add.Scatter(g.Select(r => Math.Log10(r.Epsilon)).ToArray(), g.Select(r => r.NoiseFree!.Psnr).ToArray()).LegendText =
                "new head without noise" + (sweep.Count > 1 ? $" (p = {g.Key:G2})" : "");
        psnr.Add.HorizontalLine(clean.Psnr).LegendText = "clean features";
        psnr.Add.HorizontalLine(clean.Psnr - 6).LegendText = "clean − 6 dB";
        psnr.Title($"{result.Model}: inversion attack PSNR vs ε");
        psnr.XLabel("log10 ε");
        psnr.YLabel("PSNR (dB)");
        psnr.ShowLegend(Alignment.LowerRight);
        AtomicFile.WriteVia(path, p => multiplot.SavePng(p, 1400, 600), "plot");
    }
}

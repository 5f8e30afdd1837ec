using ScottPlot;
using Verge.Core.Files;
using Verge.Learning.Privacy.Audit;

namespace Verge.Cli.Output;

/// <summary>
/// ROC curves of a membership-inference audit on log–log axes, as Carlini et al. (S&amp;P 2022) draw them: an attack
/// that works shows up at the left, at low false-positive rates, where a linear plot shows nothing.
/// </summary>
public static class AuditPlot
{
    public static void Save(IReadOnlyList<AttackResult> attacks, string title, string path)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        // Rates of zero have no logarithm: draw them at the floor, one step below the smallest rate the sample can show.
        double floor = Math.Log10(Math.Min(1e-3, 0.5 / Math.Max(1, attacks.Max(a => a.Roc.Fpr.Length))));
        double[] chance = [floor, 0];
        var diagonal = plot.Add.Scatter(chance, chance);
        diagonal.LegendText = "chance";
        diagonal.Color = Colors.Gray;
        diagonal.LinePattern = LinePattern.Dashed;
        diagonal.MarkerSize = 0;
        for (int i = 0; i < attacks.Count; i++)
        {
            var a = attacks[i];
            var line = plot.Add.Scatter(a.Roc.Fpr.Select(x => Log(x, floor)).ToArray(), a.Roc.Tpr.Select(y => Log(y, floor)).ToArray());
            line.LegendText = $"{a.Attack}: AUC {a.Auc:F3}, TPR {a.TprAtFpr0001:P1} at 0.1% FPR";
            line.Color = palette.GetColor(i);
            line.MarkerSize = 0;
            line.ConnectStyle = ConnectStyle.StepHorizontal;
        }
        plot.Axes.Bottom.TickGenerator = LogTicks();
        plot.Axes.Left.TickGenerator = LogTicks();
        plot.Axes.SetLimits(floor, 0, floor, 0);
        plot.Title(title);
        plot.XLabel("false-positive rate (log)");
        plot.YLabel("true-positive rate (log)");
        plot.ShowLegend(Alignment.LowerRight);
        AtomicFile.WriteVia(path, p => plot.SavePng(p, 800, 700), "plot");
    }

    private static double Log(double rate, double floor) => rate <= 0 ? floor : Math.Max(floor, Math.Log10(rate));

    private static ScottPlot.TickGenerators.NumericAutomatic LogTicks() => new()
    {
        MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
        IntegerTicksOnly = true,
        LabelFormatter = v => Math.Pow(10, v).ToString("G3", System.Globalization.CultureInfo.InvariantCulture),
    };
}

using System.Globalization;
using System.Text;
using ScottPlot;
using Verge.Core.Files;
using Verge.Learning.Privacy.Bench;

namespace Verge.Cli.Output;

/// <summary>
/// <c>verge bench privacy</c>'s tables as markdown (the block between the markers of docs/results/privacy.md, which
/// the rest of that file explains) and its figure: DP-SGD accuracy against ε, DP-FedAvg accuracy against clients.
/// </summary>
internal static class PrivacyBenchReport
{
    public const string Begin = "<!-- verge bench privacy: begin -->", End = "<!-- verge bench privacy: end -->";

    public static string Markdown(PrivacyBenchResult r, string commandLine, string host, string? plotName)
    {
        var o = r.Options;
        var md = new StringBuilder();
        void L(FormattableString line) => md.AppendLine(line.ToString(CultureInfo.InvariantCulture));
        L($"`{commandLine}` — {r.Seconds / 60:F1} min, host: {host}. Accuracies are on {(o.TestLimit > 0 ? $"the first {o.TestLimit:N0}" : "all 10,000")} test images.");
        md.AppendLine();
        L($"**DP-SGD, accuracy vs ε** ({o.DpModel}, batch {o.DpBatch}, lr {o.DpLearningRate:G3}, clip {o.DpClip:G3}, {o.DpEpochs} epochs, δ {o.Delta:G2}, {(o.DpTrainLimit > 0 ? $"{o.DpTrainLimit:N0}" : "60,000")} training images):");
        md.AppendLine();
        md.AppendLine("| target ε | ε spent (classic) | σ | q | steps | test accuracy | s / epoch |");
        md.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var p in r.DpSgd)
            L($"| {p.TargetEpsilon:G3} | {p.Epsilon:F3} ({p.EpsilonClassic:F3}) | {p.Noise:G4} | {p.SampleRate:G3} | {p.Steps} | {p.TestAccuracy:P2} | {p.MeanEpochSeconds:F1} |");
        md.AppendLine();
        var c = r.Cost;
        L($"**DP epoch cost**: one plain epoch of {c.Model} (batch {c.Batch}, SGD) {c.PlainSeconds:F1} s; a DP epoch (mean of the runs above) {c.DpSeconds:F1} s: **{c.Ratio:F2}×** (acceptance ≤ 3×: {(c.Ratio <= 3 ? "reached" : "NOT reached")}).");
        md.AppendLine();
        L($"**DP-FedAvg at ε = {o.FlEpsilon:G3}** ({o.FlModel}, IID, {o.Rounds} rounds, q = min(0.5, {o.Cohort}/N), z calibrated for (q, {o.Rounds} rounds, ε), clip S {o.FlClip:G3}, {o.LocalSteps} local steps of batch {o.LocalBatch} at lr {o.LocalLearningRate:G3}; secure aggregation: SecAgg+ with {o.SecAggNeighbours} neighbours, fp32 as 16-bit fixed point):");
        md.AppendLine();
        md.AppendLine("| clients N | mode | q | clients / round | z | ε | test accuracy | uplink / round | wall s / round | rounds skipped |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var p in r.Federated)
            L($"| {p.Clients:N0} | {p.Mode} | {p.SampleRate:G3} | {p.MeanParticipants:F1} | {(p.Noise is { } z ? z.ToString("G4", CultureInfo.InvariantCulture) : "–")} | {(p.Epsilon is { } e ? e.ToString("F3", CultureInfo.InvariantCulture) : "∞")} | {p.TestAccuracy:P2} | {Ui.Bytes((long)p.UplinkBytesPerRound)} | {p.WallSecondsPerRound:F2} | {p.SkippedRounds} |");
        md.AppendLine();
        L($"**Membership-inference audit** (mlp; members and non-members both from the training split; overfit: {o.OverfitEpochs} epochs of Adam; DP twin: {o.TwinEpochs} epochs of DP-SGD, clip 1; offline LiRA with {o.Shadows} shadows of {o.ShadowEpochs} epochs):");
        md.AppendLine();
        md.AppendLine("| model | ε | members | non-members | acc. members | acc. non-members | attack | AUC | TPR @ 0.1% FPR | TPR @ 1% FPR | advantage |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var a in r.Audit)
            foreach (var t in a.Attacks)
                L($"| {a.Model} | {(a.Epsilon is { } e ? e.ToString("F2", CultureInfo.InvariantCulture) : "∞")} | {a.Members} | {a.NonMembers} | {a.MemberAccuracy:P2} | {a.NonMemberAccuracy:P2} | {t.Attack} | {t.Auc:F3} | {t.TprAtFpr0001:P2} | {t.TprAtFpr001:P2} | {t.Advantage:F3} |");
        if (plotName is not null)
        {
            md.AppendLine();
            L($"![accuracy vs ε and vs clients]({plotName})");
        }
        return md.ToString();
    }

    /// <summary>Replaces the block between the markers in <paramref name="doc"/>, or appends it with its markers.</summary>
    public static string Splice(string doc, string block)
    {
        int begin = doc.IndexOf(Begin, StringComparison.Ordinal), end = doc.IndexOf(End, StringComparison.Ordinal);
        var wrapped = Begin + Environment.NewLine + block + End;
        return begin >= 0 && end > begin
            ? doc[..begin] + wrapped + doc[(end + End.Length)..]
            : doc.TrimEnd() + Environment.NewLine + Environment.NewLine + wrapped + Environment.NewLine;
    }

    public static void Plot(PrivacyBenchResult r, string path)
    {
        var multiplot = new Multiplot();
        multiplot.AddPlots(2);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Columns();
        var byEpsilon = multiplot.GetPlot(0);
        var sgd = byEpsilon.Add.Scatter(r.DpSgd.Select(p => p.Epsilon).ToArray(), r.DpSgd.Select(p => 100 * p.TestAccuracy).ToArray());
        sgd.LegendText = $"DP-SGD {r.Options.DpModel}, {r.Options.DpEpochs} epochs";
        var plain = byEpsilon.Add.HorizontalLine(100 * r.Cost.PlainTestAccuracy);
        plain.LegendText = "no DP, 1 epoch";
        plain.LinePattern = LinePattern.Dashed;
        byEpsilon.Title("DP-SGD: test accuracy vs ε");
        byEpsilon.XLabel($"ε (δ = {r.Options.Delta:G2})");
        byEpsilon.YLabel("test accuracy (%)");
        byEpsilon.ShowLegend(Alignment.LowerRight);

        var byClients = multiplot.GetPlot(1);
        var palette = new ScottPlot.Palettes.Category10();
        int i = 0;
        foreach (var mode in r.Federated.GroupBy(p => p.Mode))
        {
            var s = byClients.Add.Scatter(mode.Select(p => Math.Log10(p.Clients)).ToArray(), mode.Select(p => 100 * p.TestAccuracy).ToArray());
            s.LegendText = mode.Key == "none" ? "FedAvg, no DP" : $"DP-FedAvg (ε {r.Options.FlEpsilon:G3}){(mode.Key.Contains("secagg", StringComparison.Ordinal) ? " + secure aggregation" : "")}";
            s.Color = palette.GetColor(i++);
        }
        byClients.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            IntegerTicksOnly = true,
            LabelFormatter = v => Math.Pow(10, v).ToString("G4", CultureInfo.InvariantCulture),
        };
        byClients.Title($"DP-FedAvg at ε = {r.Options.FlEpsilon:G3}: test accuracy vs clients");
        byClients.XLabel("clients N (log)");
        byClients.YLabel("test accuracy (%)");
        byClients.ShowLegend(Alignment.LowerRight);
        AtomicFile.WriteVia(path, p => multiplot.SavePng(p, 1400, 600), "plot");
    }
}

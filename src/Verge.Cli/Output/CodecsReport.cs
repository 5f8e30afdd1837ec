using System.Globalization;
using System.Text;
using Verge.Core.Files;
using Verge.Learning.Federated.Simulation;
using Verge.Net.Benchmarks.Codecs;

namespace Verge.Cli.Output;

/// <summary>docs/results/codecs.md: every codec against fp32 at the same rounds, each with the command that reproduces it.</summary>
internal static class CodecsReport
{
    public static void WriteMarkdown(string path, CodecSweepSettings s, IReadOnlyList<SimulationReport> reports, IReadOnlyList<CodecSweepRow> rows,
        string commandLine, string host, IReadOnlyList<string> reused, string? png)
    {
        var inv = CultureInfo.InvariantCulture;
        var md = new StringBuilder();
        md.AppendLine("# Update codecs: uplink bytes against accuracy (issue #18, item 1)").AppendLine();
        md.AppendLine(inv, $"FedAvg, {s.Clients} clients, Dirichlet α = {s.Alpha.ToString(inv)}, `{s.Model}`, {s.MaxRounds} rounds of 20 local SGD steps (batch 32, lr 0.05, momentum 0.9 reset every round: ");
        md.AppendLine(inv, $"`verge fl simulate`'s defaults), seed {s.Seed}, test accuracy on {(s.TestLimit == 0 ? "all 10 000" : $"the first {s.TestLimit}")} Fashion-MNIST test images. ");
        md.AppendLine("Uplink bytes are the exact serialized payloads the clients send; \"×\" is fp32's cumulative uplink at the same round divided by the codec's; ");
        md.AppendLine("Δ is the accuracy difference to fp32 at the same round, in points.").AppendLine();
        md.AppendLine("The whole page: `" + commandLine + "`").AppendLine();
        md.AppendLine($"Host: {host}. Accuracies and bytes do not depend on the load (the engine is deterministic for a seed); only the time to run does.");
        if (reused.Count > 0)
            md.AppendLine().AppendLine("Runs read back from `--runs` (made earlier by the same options, the command in the table's last column): " +
                                       string.Join(", ", reused.Select(c => $"`{c}`")) + ".");
        md.AppendLine();
        md.AppendLine("| codec | round | test acc | Δ vs fp32 | cumulative uplink | × fewer bytes | ≥ 100× at ≤ 1 point |");
        md.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var r in rows)
            md.AppendLine(inv, $"| `{r.Codec}` | {r.Round} | {r.TestAcc:P2} | {r.DeltaPoints:+0.00;-0.00;0.00} | {Mib(r.UplinkBytes)} | {r.Reduction:F1} | {(r.Codec == CodecSweep.Baseline ? "" : r.MeetsTarget ? "yes" : "no")} |");
        md.AppendLine();
        var best = CodecSweep.Best(rows, s.MaxRounds);
        md.AppendLine(best is null
            ? $"Acceptance (some codec ≥ 100× fewer uplink bytes than fp32 at ≤ 1 point below it after {s.MaxRounds} rounds): **NOT reached** by any codec above."
            : string.Create(inv, $"Acceptance (some codec ≥ 100× fewer uplink bytes than fp32 at ≤ 1 point below it after {s.MaxRounds} rounds): **reached** by `{best.Codec}`: {best.TestAcc:P2} ({best.DeltaPoints:+0.00;-0.00} points) at {best.Reduction:F1}× fewer bytes."));
        md.AppendLine().AppendLine("Each codec's run alone:").AppendLine().AppendLine("```");
        foreach (var report in reports) md.AppendLine(CodecSweep.SimulateCommand(report.Codec, s));
        md.AppendLine("```");
        if (png is not null) md.AppendLine().AppendLine($"![test accuracy vs cumulative uplink bytes, every codec]({Path.GetFileName(png)})");
        AtomicFile.WriteAllText(path, md.ToString(), "markdown");
    }

    private static string Mib(long bytes) => (bytes / 1048576.0).ToString("F3", CultureInfo.InvariantCulture) + " MiB";
}

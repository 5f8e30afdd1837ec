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
            md.AppendLine().AppendLine("Runs read back from `--runs` (made earlier with the same options; each run's own command is listed below the table): " +
                                       string.Join(", ", reused.Select(c => $"`{c}`")) + ".");
        md.AppendLine();
        md.AppendLine("| codec | round | test acc | Δ vs fp32 | cumulative uplink | × fewer bytes | ≥ 100× at ≤ 1 point |");
        md.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var r in rows)
            md.AppendLine(inv, $"| `{r.Codec}` | {r.Round} | {r.TestAcc:P2} | {r.DeltaPoints:+0.00;-0.00;0.00} | {Mib(r.UplinkBytes)} | {r.Reduction:F1} | {(r.Codec == CodecSweep.Baseline ? "" : r.MeetsTarget ? "yes" : "no")} |");
        md.AppendLine();
        var meeting = rows.Where(r => r.Round == s.MaxRounds && r.Codec != CodecSweep.Baseline && r.MeetsTarget).OrderByDescending(r => r.Reduction).ToList();
        md.AppendLine(meeting.Count == 0
            ? $"Acceptance (some codec ≥ 100× fewer uplink bytes than fp32 at ≤ 1 point below it after {s.MaxRounds} rounds): **NOT reached** by any codec above."
            : $"Acceptance (some codec ≥ 100× fewer uplink bytes than fp32 at ≤ 1 point below it after {s.MaxRounds} rounds): **reached** by " +
              string.Join("; ", meeting.Select(b => string.Create(inv, $"`{b.Codec}`: {b.TestAcc:P2} ({b.DeltaPoints:+0.00;-0.00} points) at {b.Reduction:F1}× fewer bytes"))) + ".");
        if (reports.FirstOrDefault(r => r.Codec == CodecSweep.Baseline) is { Rounds.Count: > 1 } fp32)
        {
            var last = fp32.Rounds.TakeLast(Math.Min(10, fp32.Rounds.Count)).Select(r => r.TestAcc).ToList();
            double swing = last.Zip(last.Skip(1), (a, b) => Math.Abs(b - a)).Max() * 100;
            md.AppendLine().AppendLine(string.Create(inv, $"One seed: fp32's own accuracy moves by up to {swing:F2} points between consecutive rounds of its last {last.Count}, so a difference of under a point at one round is within that noise."));
        }
        md.AppendLine().AppendLine("Each codec's run alone:").AppendLine().AppendLine("```");
        foreach (var report in reports) md.AppendLine(CodecSweep.SimulateCommand(report.Codec, s));
        md.AppendLine("```");
        if (png is not null) md.AppendLine().AppendLine($"![test accuracy vs cumulative uplink bytes, every codec]({Path.GetFileName(png)})");
        md.AppendLine().Append(Notes);
        AtomicFile.WriteAllText(path, md.ToString(), "markdown");
    }

    /// <summary>What each codec is and why DGC collapsed; mechanisms only, the figures are the table's.</summary>
    private const string Notes = """
        ## The codecs

        - `topk:F+ef`: the F·n values of largest magnitude as varint index gaps and float32 values; error feedback
          (Seide et al. 2014; Karimireddy et al. 2019) keeps the rest for the next round. `topk:F:qK+ef` sends the kept
          values K-bit quantised (stochastic rounding, one min/step per bucket); the rounding goes into the residual too.
        - `stc:F`: sparse ternary compression (Sattler et al., IEEE TNNLS 2019, designed for non-IID federated
          learning): the same top-k, but every kept value is sent as its sign times one shared magnitude (the mean of
          the kept |values|), and the positions as Golomb–Rice coded gaps — about log₂(1/F) + 2.5 bits per kept
          value instead of about 42 (varint gap and float32), so the same bytes carry several times the density; with error feedback.
        - `dgc:F[:qK][:m=M][:warmup=W][:clip=C]`: Deep Gradient Compression (Lin et al., ICLR 2018).

        ## Why `dgc:0.001` collapsed (issue #18: 67.69% against fp32's 85.95%, 66× fewer bytes), and what changed

        - **Momentum correction on round deltas.** DGC accumulates u ← m·u + g, v ← v + u and sends top-k of v, so
          that the sparse run applies what dense momentum SGD would. A FedAvg client's g is not one gradient but the
          delta of a whole round of local momentum SGD, which the server applies once. With m = 0.9 every delta that
          waits in v is added again in each following round through u, up to 1/(1 − m) = 10 times: stale, amplified
          steps in directions the next rounds' local training no longer takes (the unit test
          `DgcOnRoundDeltasHasNoMomentumSoEachDeltaCountsOnce` shows 2.9 deltas accumulated after two rounds where 2
          is right). Momentum factor masking only clears u where a value is sent, i.e. for 0.1% of the values per
          round. `dgc:F` now has m = 0 (v is then plain error feedback); `dgc:F:m=0.9` is the codec as it was.
        - **Warm-up.** DGC's exponential warm-up (density 25%, 6.25%, 1.56%, 0.39%, then F) counts encodes, which
          here are rounds of each client: the four warm-up encodes send about a third of an fp32 update per client,
          most of `dgc:0.001`'s bytes (hence 66×, not ~1000×). `:warmup=0` turns it off, `:qK` quantises the values
          (with the rounding fed back into v).
        - **Local clipping** is off by default (`:clip=C` clips each round delta's norm; the server's intake limits
          bound updates anyway). **Client sampling**: the accumulation is each client's own codec state, so a client
          that sits out rounds keeps its residual until it next encodes (unit-tested), in simulation and in
          `verge fl client` alike; with m = 0 nothing decays or grows while it waits.

        """;

    private static string Mib(long bytes) => (bytes / 1048576.0).ToString("F3", CultureInfo.InvariantCulture) + " MiB";
}

using System.Globalization;
using System.Text;
using Spectre.Console;
using Verge.Net.Benchmarks.Compression;

namespace Verge.Cli.Output;

/// <summary>`verge bench compress`'s result: the command that made it, the rows, the targets; shown as a table and written as Markdown.</summary>
internal sealed record CompressionReport(string Command, IReadOnlyList<CompressionRow> Rows, IReadOnlyList<CompressionAcceptance.Check> Acceptance, IReadOnlyList<string> Made)
{
    private static string F(double v, string format) => double.IsNaN(v) ? "–" : v.ToString(format, CultureInfo.InvariantCulture);

    public static void Render(IAnsiConsole console, CompressionReport report)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("compression on Fashion-MNIST (ONNX Runtime, batch 1)")
            .AddColumns("model", "technique", "size", "× fp32", "MACs", "ms", "speed-up", "accuracy", "Δ points");
        foreach (var r in report.Rows)
            table.AddRow(Markup.Escape(r.Model), Markup.Escape(r.Technique), Ui.Bytes(r.Bytes), F(r.SizeRatio, "0.00"), Ui.Count((long)r.Macs),
                F(r.LatencyMs, "0.000"), F(r.Speedup, "0.00"), $"{r.Accuracy:P2}", F(r.DeltaPoints, "+0.00;-0.00"));
        console.Write(table);
        foreach (var c in report.Acceptance)
            console.MarkupLine($"{(c.Met ? "[green]met[/]" : "[red]not met[/]")} {Markup.Escape(c.Model)}: {Markup.Escape(c.Criterion)} — {Markup.Escape(c.Measured)}");
    }

    public static string Markdown(CompressionReport report, CompressionBenchOptions options)
    {
        var md = new StringBuilder();
        md.AppendLine("# Model compression and early exits on Fashion-MNIST");
        md.AppendLine();
        md.AppendLine("Written by `verge bench compress` (src/Verge.Cli/Commands/BenchCompressCommand.cs, src/Verge.Net/Benchmarks/Compression/). Command:");
        md.AppendLine();
        md.AppendLine("```");
        md.AppendLine(report.Command);
        md.AppendLine("```");
        md.AppendLine();
        md.AppendLine(string.Create(CultureInfo.InvariantCulture, $"Run on {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, load average at the end {HostState.LoadAverage() ?? "?"} ") +
                      "(each model's variants are timed round-robin, so whatever else runs on the host hits them alike; a load average " +
                      "above the core count means the absolute latencies are not to be quoted).");
        md.AppendLine();
        md.AppendLine("- **Size**: bytes of the ONNX file (gzip: the same file gzip-compressed, which is where zeroed weights pay off).");
        md.AppendLine(CultureInfo.InvariantCulture, $"- **Latency**: ONNX Runtime 1.31 CPU, {options.Threads} intra-op threads, batch 1, median of {options.Runs} runs after warm-up; early exits: Σ (share leaving at exit i) × (latency of the graph up to exit i).");
        md.AppendLine("- **Accuracy**: top-1 on the Fashion-MNIST test set (10 000 images, pixels/255) through ONNX Runtime; early exits: with the thresholds calibrated on the last training images (held out of branchy training) for the final exit's own accuracy on that slice (no loss allowed there: the test set is harder than the training slice, so the thresholds need that margin).");
        md.AppendLine("- **MACs**: from `ModelGraph` (early exits: expected MACs per sample).");
        md.AppendLine();
        md.AppendLine("| model | technique | size | gzip | size / fp32 | params | MACs | latency (ms) | speed-up | accuracy | Δ points | made in (s) | notes |");
        md.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (var r in report.Rows)
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Model} | {r.Technique} | {Ui.Bytes(r.Bytes)} | {Ui.Bytes(r.GzipBytes)} | {F(r.SizeRatio * 100, "0.0")} % | {Ui.Count(r.Params)} | {Ui.Count((long)r.Macs)} | " +
                $"{F(r.LatencyMs, "0.000")} | {F(r.Speedup, "0.00")}× | {F(r.Accuracy * 100, "0.00")} % | {F(r.DeltaPoints, "+0.00;-0.00")} | {F(r.MakeSeconds, "0")} | {r.Notes.Replace("|", "\\|")} |");
        md.AppendLine();
        md.AppendLine("## Targets (issue 5)");
        md.AppendLine();
        md.AppendLine("| model | target | measured | met |");
        md.AppendLine("|---|---|---|---|");
        foreach (var c in report.Acceptance) md.AppendLine(CultureInfo.InvariantCulture, $"| {c.Model} | {c.Criterion} | {c.Measured} | {(c.Met ? "yes" : "**no**")} |");
        md.AppendLine();
        md.AppendLine("By target:");
        md.AppendLine();
        foreach (var g in report.Acceptance.GroupBy(c => CompressionAcceptance.Target(c.Criterion)))
        {
            var met = g.Where(c => c.Met).Select(c => c.Model).ToList();
            var missed = g.Where(c => !c.Met).Select(c => c.Model).ToList();
            md.AppendLine($"- {g.Key}: met on {(met.Count == 0 ? "none" : string.Join(", ", met))}" +
                          (missed.Count == 0 ? "" : $"; not on {string.Join(", ", missed)}"));
        }
        md.AppendLine();
        md.AppendLine("## Models made by this run (wall time on this machine)");
        md.AppendLine();
        if (report.Made.Count == 0) md.AppendLine("None: every model was reused from the work folder (see the notes below on how they were made).");
        foreach (var m in report.Made) md.AppendLine($"- {m}");
        return md.ToString();
    }
}

using System.CommandLine;
using System.Globalization;
using System.Text;
using Spectre.Console;
using Verge.Cli.Output;
using Verge.Core.Errors;
using Verge.Learning.Compression.Benchmark;

namespace Verge.Cli.Commands;

/// <summary>
/// <c>verge bench compress</c>: fp32, int8, magnitude pruning, structured pruning, distillation and early exits
/// on the trained zoo models: size, ONNX Runtime latency and Fashion-MNIST accuracy, one table, written as
/// markdown (docs/results/compression.md) with the command that made it.
/// </summary>
internal static class BenchCompressCommand
{
    private sealed record Report(string Command, IReadOnlyList<CompressionRow> Rows, IReadOnlyList<CompressionAcceptance.Check> Acceptance, IReadOnlyList<string> Made);

    public static Command Create()
    {
        var defaults = new CompressionBenchOptions();
        var models = new Option<string>("--models") { Description = "comma-separated zoo models", DefaultValueFactory = _ => string.Join(',', defaults.Models) };
        var work = new Option<string>("--work") { Description = "folder for the trained and compressed models (reused when present: WORK/MODEL/fp32/model.onnx + checkpoint.bin …)", DefaultValueFactory = _ => defaults.WorkDirectory };
        var doc = new Option<string>("--doc") { Description = "markdown file for the results table", DefaultValueFactory = _ => "docs/results/compression.md" };
        var baseEpochs = new Option<int>("--base-epochs") { Description = "epochs of a base model that is not in the work folder yet", DefaultValueFactory = _ => defaults.BaseEpochs };
        var fineTuneLimit = new Option<int>("--finetune-limit") { Description = "fine-tune on the first N training images only (0: all)", DefaultValueFactory = _ => 0 };
        var notes = new Option<string?>("--notes") { Description = "markdown file appended to the doc (how the reused models were made)" };
        var fineTune = new Option<int>("--finetune-epochs") { Description = "fine-tuning epochs after pruning", DefaultValueFactory = _ => defaults.FineTuneEpochs };
        var student = new Option<string>("--student") { Description = "distillation student (a zoo model)", DefaultValueFactory = _ => defaults.Student };
        var studentEpochs = new Option<int>("--student-epochs") { Description = "epochs of the student, distilled and on labels only", DefaultValueFactory = _ => defaults.StudentEpochs };
        var branchyEpochs = new Option<int>("--branchy-epochs") { Description = "epochs of the early-exit models", DefaultValueFactory = _ => defaults.BranchyEpochs };
        var runs = new Option<int>("--runs") { Description = "timed runs per model (median reported)", DefaultValueFactory = _ => defaults.Runs };
        var threads = new Option<int>("--threads") { Description = "ONNX Runtime and engine threads", DefaultValueFactory = _ => defaults.Threads };
        var limit = new Option<int>("--limit") { Description = "use only the first N training and test images (0: all)", DefaultValueFactory = _ => 0 };
        var data = new Option<string?>("--data") { Description = "folder with the Fashion-MNIST IDX files" };
        var json = new Option<string?>("--json") { Description = "write the rows as JSON to FILE ('-' for stdout)" };

        var command = new Command("compress", "Compression techniques on the trained zoo models: size, latency, accuracy; writes docs/results/compression.md.");
        foreach (var o in new Option[] { models, work, doc, baseEpochs, fineTune, fineTuneLimit, notes, student, studentEpochs, branchyEpochs, runs, threads, limit, data, json })
            command.Options.Add(o);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var options = new CompressionBenchOptions
            {
                Models = r.GetValue(models)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                WorkDirectory = r.GetValue(work)!,
                BaseEpochs = CommonPositive(r.GetValue(baseEpochs), "--base-epochs"),
                FineTuneEpochs = CommonPositive(r.GetValue(fineTune), "--finetune-epochs"),
                FineTuneLimit = Math.Max(0, r.GetValue(fineTuneLimit)),
                Student = r.GetValue(student)!,
                StudentEpochs = CommonPositive(r.GetValue(studentEpochs), "--student-epochs"),
                BranchyEpochs = CommonPositive(r.GetValue(branchyEpochs), "--branchy-epochs"),
                Runs = CommonPositive(r.GetValue(runs), "--runs"),
                Threads = CommonPositive(r.GetValue(threads), "--threads"),
                Limit = Math.Max(0, r.GetValue(limit)),
                DataDirectory = r.GetValue(data),
            };
            foreach (var m in options.Models.Append(options.Student)) Learning.Models.TrainableZoo.Create(m);
            var notesPath = r.GetValue(notes);
            if (notesPath is not null && !File.Exists(notesPath)) throw new InputException($"--notes '{notesPath}' does not exist; give a markdown file or leave --notes out");
            var jsonPath = r.GetValue(json);
            var console = Ui.For(jsonPath);
            var commandLine = "verge " + string.Join(' ', r.Tokens.Select(t => t.Value));
            var result = await new CompressionBench(options, new Progress<string>(line => console.WriteLine(line))).RunAsync(ct);
            var acceptance = CompressionAcceptance.Evaluate(result.Rows);
            var report = new Report(commandLine, result.Rows, acceptance, result.Made);
            if (!JsonOutput.ToStdout(jsonPath)) Render(console, report);
            var docPath = r.GetValue(doc)!;
            try
            {
                var dir = Path.GetDirectoryName(Path.GetFullPath(docPath));
                if (dir is not null) Directory.CreateDirectory(dir);
                var extra = notesPath is null ? "" : Environment.NewLine + await File.ReadAllTextAsync(notesPath, ct);
                await File.WriteAllTextAsync(docPath, Markdown(report, options) + extra, ct);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new InputException($"cannot write '{docPath}': {e.Message}; choose a writable --doc path");
            }
            JsonOutput.Write(report, jsonPath);
            return 0;
        });
        return command;
    }

    private static int CommonPositive(int value, string flag) => Options.CommonOptions.Positive(value, flag);

    private static string F(double v, string format) => double.IsNaN(v) ? "–" : v.ToString(format, CultureInfo.InvariantCulture);

    private static void Render(IAnsiConsole console, Report report)
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

    private static string Markdown(Report report, CompressionBenchOptions options)
    {
        var md = new StringBuilder();
        md.AppendLine("# Model compression and early exits on Fashion-MNIST");
        md.AppendLine();
        md.AppendLine("Written by `verge bench compress` (src/Verge.Cli/Commands/BenchCompressCommand.cs, src/Verge.Learning/Compression/Benchmark/). Command:");
        md.AppendLine();
        md.AppendLine("```");
        md.AppendLine(report.Command);
        md.AppendLine("```");
        md.AppendLine();
        md.AppendLine(string.Create(CultureInfo.InvariantCulture, $"Run on {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, load average at the end {LoadAverage()} ") +
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

    private static string LoadAverage()
    {
        try { return File.ReadAllText("/proc/loadavg").Split(' ')[0]; }
        catch (IOException) { return "?"; }
    }
}

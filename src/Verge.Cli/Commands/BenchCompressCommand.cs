using System.CommandLine;
using Spectre.Console;
using Verge.Cli.Output;
using Verge.Core.Errors;
using Verge.Net.Benchmarks.Compression;
using Verge.Core.Files;

namespace Verge.Cli.Commands;

/// <summary>
/// <c>verge bench compress</c>: fp32, int8, magnitude pruning, structured pruning, distillation and early exits
/// on the trained zoo models: size, ONNX Runtime latency and Fashion-MNIST accuracy, one table, written as
/// markdown (docs/results/compression.md) with the command that made it.
/// </summary>
internal static class BenchCompressCommand
{
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
            var report = new CompressionReport(commandLine, result.Rows, acceptance, result.Made);
            if (!JsonOutput.ToStdout(jsonPath)) CompressionReport.Render(console, report);
            var docPath = r.GetValue(doc)!;
            try
            {
                var extra = notesPath is null ? "" : Environment.NewLine + await File.ReadAllTextAsync(notesPath, ct);
                AtomicFile.WriteAllText(docPath, CompressionReport.Markdown(report, options) + extra, "--doc");
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
}

using System.CommandLine;
using Spectre.Console;
using Verge.Core.Errors;
using Verge.Learning.Compression.Distillation;
using Verge.Learning.Compression.Pruning;
using Verge.Learning.Data;
using Verge.Learning.EarlyExit;
using Verge.Learning.Engine;
using Verge.Learning.Models;
using Verge.Learning.Models.Branchy;
using Verge.Learning.Training;
using Verge.Learning.Training.Recipes;

namespace Verge.Cli.Commands;

/// <summary>
/// The options of <c>verge train</c> beyond plain training, and the runs they select: starting from a checkpoint
/// (<c>--from</c>), pruning then fine-tuning (<c>--prune F [--structured]</c>), knowledge distillation from an ONNX
/// teacher (<c>--teacher FILE --temperature T --alpha A</c>), and models with early exits (<c>--model branchy-*</c>).
/// </summary>
internal sealed class TrainVariants
{
    public readonly Option<string?> From = new("--from") { Description = "start from this checkpoint (checkpoint.bin of an earlier verge train of the same model)" };
    public readonly Option<double?> Prune = new("--prune") { Description = "prune this fraction (0 to <1) of the weights (or, with --structured, of each conv's filters), then fine-tune for --epochs; needs --from" };
    public readonly Option<bool> Structured = new("--structured") { Description = "with --prune: remove whole conv filters by L1 norm (smaller, faster ONNX) instead of single weights" };
    public readonly Option<string?> Teacher = new("--teacher") { Description = "distil from this ONNX teacher (Hinton et al. 2015): soft targets at --temperature plus labels" };
    public readonly Option<float> Temperature = new("--temperature") { Description = "distillation temperature", DefaultValueFactory = _ => 4f };
    public readonly Option<float> Alpha = new("--alpha") { Description = "distillation: weight of the teacher's soft targets (1 − alpha goes to the labels)", DefaultValueFactory = _ => 0.7f };

    public IEnumerable<Option> All => [From, Prune, Structured, Teacher, Temperature, Alpha];

    /// <summary>What <c>verge train</c> parsed before choosing a run.</summary>
    public sealed record Settings(string Model, int Epochs, int Batch, string Optimizer, float LearningRate, int Seed, string? Data, int Limit,
        int Threads, string OutDir, string? JsonPath);

    private sealed record EpochReport(int Epoch, double Seconds, double TrainLoss, double TestAcc);

    private sealed record Report(string Model, string Technique, string Optimizer, double Lr, int Batch, int Seed, int Threads, int TrainSamples,
        int TestSamples, IReadOnlyList<EpochReport> Epochs, double FinalTestAcc, long Params, string Onnx, string Checkpoint)
    {
        public string? From { get; init; }
        public double? AccuracyBefore { get; init; }
        public double? AccuracyPruned { get; init; }
        public double? Prune { get; init; }
        public double? Sparsity { get; init; }
        public long? ParamsBefore { get; init; }
        public string? Teacher { get; init; }
        public double? Temperature { get; init; }
        public double? Alpha { get; init; }
        public IReadOnlyList<string>? Exits { get; init; }
        public IReadOnlyList<double>? ExitAccuracies { get; init; }
    }

    /// <summary>Whether the parsed command asks for anything but plain training from scratch.</summary>
    public bool Applies(ParseResult r, string model) =>
        r.GetValue(From) is not null || r.GetValue(Prune) is not null || r.GetValue(Teacher) is not null || r.GetValue(Structured)
        || BranchyZoo.Contains(model);

    public async Task<int> RunAsync(ParseResult r, Settings s, CancellationToken ct)
    {
        var prune = r.GetValue(Prune);
        bool structured = r.GetValue(Structured);
        var from = r.GetValue(From);
        var teacherPath = r.GetValue(Teacher);
        if (prune is { } fraction) new PruningOptions(fraction, structured).Validate();
        else if (structured) throw new UsageException("--structured goes with --prune FRACTION (e.g. --prune 0.5 --structured)");
        var distillation = teacherPath is null ? null : new DistillationOptions(r.GetValue(Temperature), r.GetValue(Alpha)).Validate();
        if (prune is not null && from is null) throw new UsageException("--prune needs --from CHECKPOINT: prune a trained model, then fine-tune it");
        if (prune is not null && teacherPath is not null) throw new UsageException("--prune and --teacher are separate runs; prune first, or distil first");
        bool branchy = BranchyZoo.Contains(s.Model);
        if (branchy && (prune is not null || teacherPath is not null))
            throw new UsageException($"'{s.Model}' trains its exits jointly; --prune and --teacher apply to the models {string.Join(", ", TrainableZoo.Names)}");
        if (teacherPath is not null && !File.Exists(teacherPath))
            throw new InputException($"teacher model '{teacherPath}' does not exist; give the model.onnx of a trained teacher (verge train --out DIR writes DIR/model.onnx)");

        using var engineThreads = Parallelism.Use(s.Threads);
        var train = (await FashionMnist.LoadTrainAsync(s.Data, ct)).Take(s.Limit);
        var test = (await FashionMnist.LoadTestAsync(s.Data, ct)).Take(s.Limit);
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        Directory.CreateDirectory(s.OutDir);
        var onnxPath = Path.Combine(s.OutDir, "model.onnx");
        var checkpointPath = Path.Combine(s.OutDir, "checkpoint.bin");
        var options = new RecipeOptions(s.Model, s.Epochs, s.Batch, s.Optimizer, s.LearningRate, s.Seed)
        {
            From = from, Pruning = prune is { } fraction2 ? new PruningOptions(fraction2, structured) : null, Teacher = teacherPath,
            Distillation = distillation ?? new DistillationOptions(), TeacherThreads = Math.Min(2, s.Threads),
            // The last images of the training set stay out of training: verge exits calibrates thresholds on them.
            CalibrationHoldOut = s.Limit <= 0 ? ExitAnalysis.DefaultCalibrationSamples : 0,
        };
        using var run = TrainingRun.Prepare(options, train, test);
        console.MarkupLine(Announce(run, s));
        var epochs = Epochs(console, s.Epochs, run.BatchesPerEpoch, p => run.Fit(p, ct));
        await run.SaveAsync(onnxPath, checkpointPath, ct);
        if (run.Branchy is { } model)
        {
            var table = new Table().AddColumns("exit", "test accuracy alone");
            for (int e = 0; e < run.ExitAccuracies!.Count; e++) table.AddRow(model.ExitNames[e], $"{run.ExitAccuracies[e]:P2}");
            console.Write(table);
        }
        return await FinishAsync(console, s, Base(s, run.ModelName, run.Technique, run.Train, run.Test, epochs, run.ParameterCount, onnxPath, checkpointPath) with
        {
            From = from, Exits = run.Branchy?.ExitNames, ExitAccuracies = run.ExitAccuracies, AccuracyBefore = run.AccuracyBefore,
            AccuracyPruned = run.AccuracyPruned, Prune = prune, Sparsity = run.Sparsity, ParamsBefore = prune is null ? null : run.ParamsBefore,
            Teacher = teacherPath, Temperature = distillation?.Temperature, Alpha = distillation?.Alpha,
        }, ct);
    }

    /// <summary>The line that says what is about to be trained.</summary>
    private static string Announce(TrainingRun run, Settings s) => run.Technique switch
    {
        "early-exits" => $"training [bold]{run.ModelName}[/] ({run.ParameterCount:N0} parameters, {run.Branchy!.ExitCount} exits, joint loss) on {run.Train.Count:N0} images",
        "magnitude-pruning" or "structured-pruning" =>
            $"{(run.Options.Pruning!.Structured ? "removed" : "zeroed")} {run.Options.Pruning.Fraction:P0} of [bold]{run.ModelName}[/]'s " +
            $"{(run.Options.Pruning.Structured ? "conv filters" : "weights")}: {run.ParamsBefore:N0} → {run.ParameterCount:N0} parameters, " +
            $"test accuracy {run.AccuracyBefore:P2} → {run.AccuracyPruned:P2}; fine-tuning {s.Epochs} epochs",
        "distillation" => $"distilling [bold]{run.ModelName}[/] ({run.ParameterCount:N0} parameters) from {Markup.Escape(run.Options.Teacher!)}, " +
                          $"T {run.Options.Distillation.Temperature:G3}, alpha {run.Options.Distillation.Alpha:G3}, on {run.Train.Count:N0} images",
        _ => $"training [bold]{run.ModelName}[/] from {Markup.Escape(run.Options.From!)} on {run.Train.Count:N0} images",
    };

    private static Report Base(Settings s, string model, string technique, ImageDataset train, ImageDataset test, List<EpochResult> results,
        long parameters, string onnx, string checkpoint) =>
        new(model, technique, s.Optimizer, Math.Round(s.LearningRate, 6), s.Batch, s.Seed, s.Threads, train.Count, test.Count,
            results.Select(e => new EpochReport(e.Epoch, Math.Round(e.Seconds, 3), Math.Round(e.TrainLoss, 5), e.TestAccuracy)).ToList(),
            results[^1].TestAccuracy, parameters, onnx, checkpoint);

    private static async Task<int> FinishAsync(IAnsiConsole console, Settings s, Report report, CancellationToken ct)
    {
        if (s.JsonPath != "-")
            console.MarkupLine($"{report.Technique}: test accuracy [bold]{report.FinalTestAcc:P2}[/]; wrote {Markup.Escape(report.Onnx)} and {Markup.Escape(report.Checkpoint)}");
        await TrainCommand.WriteJsonAsync(report, s.JsonPath, ct);
        return 0;
    }

    /// <summary>Runs the epochs under one progress bar each, then prints the per-epoch table.</summary>
    internal static List<EpochResult> Epochs(IAnsiConsole console, int epochCount, int batches,
        Func<Action<int, int, double>, IEnumerable<EpochResult>> fit)
    {
        var results = new List<EpochResult>();
        console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var tasks = Enumerable.Range(1, epochCount)
                    .Select(e => ctx.AddTask($"epoch {e}/{epochCount}", autoStart: false, maxValue: batches)).ToArray();
                foreach (var result in fit((e, b, loss) =>
                         {
                             var task = tasks[e - 1];
                             if (!task.IsStarted) task.StartTask();
                             task.Value = b;
                             if (b % 50 == 0) task.Description = $"epoch {e}/{epochCount} loss {loss:F3}";
                         }))
                {
                    var task = tasks[result.Epoch - 1];
                    task.Description = $"epoch {result.Epoch}/{epochCount} loss {result.TrainLoss:F3} test {result.TestAccuracy:P2}";
                    task.StopTask();
                    results.Add(result);
                }
            });
        var table = new Table().AddColumns("epoch", "seconds", "train loss", "test accuracy");
        foreach (var e in results) table.AddRow($"{e.Epoch}", $"{e.Seconds:F1}", $"{e.TrainLoss:F4}", $"{e.TestAccuracy:P2}");
        console.Write(table);
        return results;
    }
}

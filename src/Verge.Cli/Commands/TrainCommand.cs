using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using Verge.Core.Errors;
using Verge.Learning.Data;
using Verge.Learning.Engine;
using Verge.Learning.Models;
using Verge.Learning.Models.Branchy;
using Verge.Learning.Privacy.DataNoise;
using Verge.Learning.Training.Recipes;
using Verge.Core.Files;

namespace Verge.Cli.Commands;

/// <summary>
/// <c>verge train</c>: trains a zoo model on Fashion-MNIST (pixels/255, 1×28×28) with Verge's own engine, then
/// writes DIR/model.onnx, DIR/checkpoint.bin and a JSON report.
/// </summary>
internal static class TrainCommand
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true };

    private sealed record EpochReport(int Epoch, double Seconds, double TrainLoss, double TestAcc);

    private sealed record Report(string Model, string Optimizer, double Lr, int Batch, int Seed, int Threads, int TrainSamples,
        int TestSamples, IReadOnlyList<EpochReport> Epochs, double FinalTestAcc, long Params, string Onnx, string Checkpoint);

    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = $"model to train: {string.Join(", ", TrainableZoo.Names.Concat(BranchyZoo.Names))}", Required = true };
        var epochs = new Option<int>("--epochs") { Description = "passes over the training set", DefaultValueFactory = _ => 10 };
        var batch = new Option<int>("--batch") { Description = "mini-batch size", DefaultValueFactory = _ => 64 };
        var lr = new Option<double?>("--lr") { Description = "learning rate (default 0.001 for adam, 0.05 for sgd)" };
        var optimizer = new Option<string>("--optimizer") { Description = "sgd (momentum 0.9, weight decay 5e-4; none with --dp) or adam", DefaultValueFactory = _ => "adam" };
        Options.CommonOptions.OneOf(optimizer, "sgd", "adam");
        var seed = new Option<int>("--seed") { Description = "seed for initial weights, shuffling and dropout", DefaultValueFactory = _ => 0 };
        var data = new Option<string?>("--data") { Description = $"folder with the Fashion-MNIST IDX files (default {FashionMnist.DefaultDirectory})" };
        var limit = new Option<int>("--limit") { Description = "use only the first N training and test samples (0: all)", DefaultValueFactory = _ => 0 };
        var threads = new Option<int>("--threads") { Description = "engine threads", DefaultValueFactory = _ => Environment.ProcessorCount };
        var output = new Option<string>("--out") { Description = "folder for model.onnx and checkpoint.bin", Required = true };
        var json = new Option<string?>("--json") { Description = "write the report as JSON to FILE ('-' for stdout)" };
        var recipes = new TrainRecipes();
        var privacy = new TrainPrivacy();
        var noise = new Options.DataNoiseFlags();

        var command = new Command("train", "Train a zoo model on Fashion-MNIST with Verge's engine and export it to ONNX.");
        foreach (var o in new Option[] { model, epochs, batch, lr, optimizer, seed, data, limit, threads, output, json }.Concat(recipes.All).Concat(privacy.All).Concat(noise.All)) command.Options.Add(o);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            int epochCount = r.GetValue(epochs), batchSize = r.GetValue(batch), threadCount = r.GetValue(threads);
            if (epochCount < 1) throw new UsageException("--epochs must be at least 1");
            if (batchSize < 1) throw new UsageException("--batch must be at least 1");
            if (threadCount < 1) throw new UsageException("--threads must be at least 1");
            var kind = r.GetValue(optimizer)!;
            float learningRate = (float)(r.GetValue(lr) ?? (kind == "sgd" ? 0.05 : 0.001));
            if (learningRate <= 0) throw new UsageException("--lr must be positive");
            int seedValue = r.GetValue(seed);
            var dataNoise = noise.Read(r, seedValue);
            if (dataNoise is not null && (privacy.Applies(r) || recipes.Applies(r, r.GetValue(model)!)))
                throw new UsageException("--data-noise applies to plain training only; drop it, or the DP, pruning, distillation or exit flags");
            if (privacy.Applies(r))
                return await privacy.RunAsync(r, new TrainRecipes.Settings(r.GetValue(model)!, epochCount, batchSize, kind, learningRate, seedValue,
                    r.GetValue(data), r.GetValue(limit), threadCount, r.GetValue(output)!, r.GetValue(json)), recipes.Applies(r, r.GetValue(model)!), ct);
            if (recipes.Applies(r, r.GetValue(model)!))
                return await recipes.RunAsync(r, new TrainRecipes.Settings(r.GetValue(model)!, epochCount, batchSize, kind, learningRate, seedValue,
                    r.GetValue(data), r.GetValue(limit), threadCount, r.GetValue(output)!, r.GetValue(json)), ct);
            TrainableZoo.Create(r.GetValue(model)!, seedValue);
            var jsonPath = r.GetValue(json);
            var outDir = r.GetValue(output)!;

            using var engineThreads = Parallelism.Use(threadCount);
            var train = (await FashionMnist.LoadTrainAsync(r.GetValue(data), ct)).Take(r.GetValue(limit));
            if (dataNoise is not null) train = DataObfuscation.Perturb(train, dataNoise);
            var test = (await FashionMnist.LoadTestAsync(r.GetValue(data), ct)).Take(r.GetValue(limit));
            using var run = TrainingRun.Prepare(new RecipeOptions(r.GetValue(model)!, epochCount, batchSize, kind, learningRate, seedValue), train, test);

            // Progress goes to stderr so that `--json -` leaves stdout to the JSON alone.
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
            console.MarkupLine($"training [bold]{run.ModelName}[/] ({run.ParameterCount:N0} parameters) on {train.Count:N0} images, " +
                               $"{kind} lr {learningRate:G3}, batch {batchSize}, {threadCount} threads");
            var results = TrainRecipes.Epochs(console, epochCount, run.BatchesPerEpoch, p => run.Fit(p, ct));

            Directory.CreateDirectory(outDir);
            var onnxPath = Path.Combine(outDir, "model.onnx");
            var checkpointPath = Path.Combine(outDir, "checkpoint.bin");
            await run.SaveAsync(onnxPath, checkpointPath, ct);

            var report = new Report(run.ModelName, kind, Math.Round(learningRate, 6), batchSize, seedValue, threadCount, train.Count, test.Count,
                results.Select(e => new EpochReport(e.Epoch, Math.Round(e.Seconds, 3), Math.Round(e.TrainLoss, 5), e.TestAccuracy)).ToList(),
                results[^1].TestAccuracy, run.ParameterCount, onnxPath, checkpointPath);
            if (jsonPath is null || jsonPath != "-")
                console.MarkupLine($"test accuracy [bold]{report.FinalTestAcc:P2}[/]; wrote {Markup.Escape(onnxPath)} and {Markup.Escape(checkpointPath)}");
            await WriteJsonAsync(report, jsonPath, ct);
            return 0;
        });
        return command;
    }

    internal static async Task WriteJsonAsync<T>(T report, string? path, CancellationToken ct)
    {
        if (path is null) return;
        var text = JsonSerializer.Serialize(report, Json);
        if (path == "-") await Console.Out.WriteLineAsync(text.AsMemory(), ct);
        else AtomicFile.WriteAllText(path, text + "\n", "JSON to");
    }
}

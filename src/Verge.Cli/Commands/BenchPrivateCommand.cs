using System.CommandLine;
using Spectre.Console;
using Verge.Inference.Zoo;
using Verge.Learning.Data;
using Verge.Learning.Privacy.SecureMl;
using Verge.Net.Privacy;

namespace Verge.Cli.Commands;

/// <summary>
/// `verge bench private`: the cryptographic private-learning figures of docs/results/private-inference.md in one
/// run — two-party inference of zoo:lenet5 and zoo:cnn-small against plaintext, and SecureML training of logistic
/// regression and the MLP against their plaintext baselines (every party a separate process).
/// </summary>
internal static class BenchPrivateCommand
{
    private sealed record Report(IReadOnlyList<PrivateInferenceReport> Inference, IReadOnlyList<PrivateTrainingReport> Training);

    public static Command Create(ModelZoo zoo)
    {
        var frames = new Option<int>("--frames") { Description = "Fashion-MNIST test images for zoo:lenet5 (zoo:cnn-small gets a fifth)", DefaultValueFactory = _ => 1000 };
        var epochs = new Option<int>("--epochs") { Description = "SecureML epochs over the 12,000 training rows of classes 7 and 9", DefaultValueFactory = _ => 2 };
        var data = new Option<string?>("--data") { Description = $"folder with the Fashion-MNIST IDX files (default {FashionMnist.DefaultDirectory})" };
        var json = new Option<string?>("--json") { Description = "write the results as JSON to FILE ('-' for stdout)" };
        var command = new Command("private", "Two-party inference and SecureML training against plaintext: accuracy, bytes, time");
        foreach (var o in new Option[] { frames, epochs, data, json }) command.Options.Add(o);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var ui = Output.Ui.For(r.GetValue(json));
            int count = Options.CommonOptions.Positive(r.GetValue(frames), "--frames");
            int passes = Options.CommonOptions.Positive(r.GetValue(epochs), "--epochs");
            var test = await FashionMnist.LoadTestAsync(r.GetValue(data), ct);
            var inference = new List<PrivateInferenceReport>();
            foreach (var (model, n) in new[] { ("zoo:lenet5", count), ("zoo:cnn-small", Math.Max(1, count / 5)) })
            {
                var report = await PrivateInferCommand.RunAsync(model, zoo.Resolve(model), test.Take(n), 50, null, null, ct);
                ui.MarkupLine(Markup.Escape($"2pc {model}, {n} frames: accuracy {report.AccuracyPlain:P1} plain, {report.AccuracyPrivate:P1} on shares, " +
                    $"max |logit error| {report.MaxAbsLogitError:G3}, {report.BytesOnlinePerFrame / 1e6:F2} MB and {report.MsOnlinePerFrame:F0} ms online per frame"));
                inference.Add(report);
            }
            var train = PrivateTraining.Binary(await FashionMnist.LoadTrainAsync(r.GetValue(data), ct), 7, 9, 0);
            var binaryTest = PrivateTraining.Binary(test, 7, 9, 0);
            var training = new List<PrivateTrainingReport>();
            foreach (var model in SecureMlOptions.Models)
            {
                var o = new SecureMlOptions(model, passes);
                string[] flags = ["--model", model, "--epochs", $"{passes}", "--batch", $"{o.Batch}", "--lr",
                    o.LearningRate.ToString("R", System.Globalization.CultureInfo.InvariantCulture), "--hidden", $"{o.Hidden}", "--seed", $"{o.Seed}"];
                var report = await PrivateTrainCommand.RunAsync(o, flags, 7, 9, train, binaryTest, ct);
                ui.MarkupLine(Markup.Escape($"SecureML {model}: accuracy {report.AccuracyPlain:P2} plain, {report.AccuracyPlainPiecewise:P2} plain piecewise, " +
                    $"{report.AccuracyPrivate:P2} on shares; {report.BytesOnline / 1e6:F0} MB between servers, {report.MsOnline / 1000:F1} s online"));
                training.Add(report);
            }
            await TrainCommand.WriteJsonAsync(new Report(inference, training), r.GetValue(json), ct);
            return 0;
        });
        return command;
    }
}

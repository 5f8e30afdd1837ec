using System.CommandLine;
using Spectre.Console;
using Verge.Inference.Zoo;
using Verge.Learning.Data;
using Verge.Learning.Privacy.SecureMl;
using Verge.Cli.Output;
using Verge.Net.Privacy;

namespace Verge.Cli.Commands;

/// <summary>
/// `verge bench private`: the cryptographic private-learning figures of docs/results/private-inference.md in one
/// run — two-party inference of zoo:lenet5 and zoo:cnn-small against plaintext; zoo:mlp in plaintext, 2pc and
/// he (Paillier) on the same frames; SecureML training of logistic regression and the MLP against their plaintext
/// baselines (every party a separate process).
/// </summary>
internal static class BenchPrivateCommand
{
    private sealed record Report(IReadOnlyList<PrivateInferenceReport> Inference, IReadOnlyList<PrivateTrainingReport> Training, SameModel Compared);

    /// <summary>One MLP three ways: plaintext offloading (the frame and the logits as float32, ONNX Runtime time), 2pc and he.</summary>
    private sealed record SameModel(string Model, int Frames, double PlainMsPerFrame, long PlainBytesPerFrame, double PlainAccuracy,
        PrivateInferenceReport TwoParty, PrivateInferenceReport Homomorphic);

    public static Command Create(ModelZoo zoo)
    {
        var frames = new Option<int>("--frames") { Description = "Fashion-MNIST test images for zoo:lenet5 (zoo:cnn-small gets a fifth)", DefaultValueFactory = _ => 1000 };
        var epochs = new Option<int>("--epochs") { Description = "SecureML epochs over the 12,000 training rows of classes 7 and 9", DefaultValueFactory = _ => 2 };
        var data = new Option<string?>("--data") { Description = $"folder with the Fashion-MNIST IDX files (default {FashionMnist.DefaultDirectory})" };
        var heFrames = new Option<int>("--he-frames") { Description = "Fashion-MNIST test images for zoo:mlp in plaintext, 2pc and he (Paillier)", DefaultValueFactory = _ => 200 };
        var keyBits = new Option<int>("--key-bits") { Description = "bits of the Paillier modulus for he", DefaultValueFactory = _ => 2048 };
        var plot = new Option<string?>("--plot") { Description = "write the plaintext/2pc/he latency and bytes bars as PNG to FILE", HelpName = "FILE" };
        var json = new Option<string?>("--json") { Description = "write the results as JSON to FILE ('-' for stdout)" };
        var command = new Command("private", "Two-party and homomorphic inference and SecureML training against plaintext: accuracy, bytes, time");
        foreach (var o in new Option[] { frames, epochs, heFrames, keyBits, plot, data, json }) command.Options.Add(o);
        var partySeed = new Options.PartySeedFlag();
        partySeed.AddTo(command);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var ui = Output.Ui.For(r.GetValue(json));
            int count = Options.CommonOptions.Positive(r.GetValue(frames), "--frames");
            int passes = Options.CommonOptions.Positive(r.GetValue(epochs), "--epochs");
            var seed = partySeed.Read(r);
            var test = await FashionMnist.LoadTestAsync(r.GetValue(data), ct);
            var inference = new List<PrivateInferenceReport>();
            foreach (var (model, n) in new[] { ("zoo:lenet5", count), ("zoo:cnn-small", Math.Max(1, count / 5)) })
            {
                var report = await PrivateInferCommand.RunAsync(model, zoo.Resolve(model), test.Take(n), 50, null, null, seed, ct);
                ui.MarkupLine(Markup.Escape($"2pc {model}, {n} frames: accuracy {report.AccuracyPlain:P1} plain, {report.AccuracyPrivate:P1} on shares, " +
                    $"max |logit error| {report.MaxAbsLogitError:G3}, {report.BytesOnlinePerFrame / 1e6:F2} MB and {report.MsOnlinePerFrame:F0} ms online per frame"));
                inference.Add(report);
            }
            var compared = await CompareAsync(zoo, test.Take(Options.CommonOptions.Positive(r.GetValue(heFrames), "--he-frames")), r.GetValue(keyBits), seed, ui, ct);
            if (r.GetValue(plot) is { } png)
                PrivateCostPlot.Save(compared.Model, [new("plaintext", compared.PlainMsPerFrame, compared.PlainBytesPerFrame),
                    new("2pc", compared.TwoParty.MsOnlinePerFrame, compared.TwoParty.BytesOnlinePerFrame),
                    new($"he ({compared.Homomorphic.KeyBits}-bit)", compared.Homomorphic.MsOnlinePerFrame, compared.Homomorphic.BytesOnlinePerFrame)], png);
            var train = PrivateTraining.Binary(await FashionMnist.LoadTrainAsync(r.GetValue(data), ct), 7, 9, 0);
            var binaryTest = PrivateTraining.Binary(test, 7, 9, 0);
            var training = new List<PrivateTrainingReport>();
            foreach (var model in SecureMlOptions.Models)
            {
                var o = new SecureMlOptions(model, passes);
                string[] flags = ["--model", model, "--epochs", $"{passes}", "--batch", $"{o.Batch}", "--lr",
                    o.LearningRate.ToString("R", System.Globalization.CultureInfo.InvariantCulture), "--hidden", $"{o.Hidden}", "--seed", $"{o.Seed}"];
                var report = await PrivateTrainCommand.RunAsync(o, flags, 7, 9, train, binaryTest, seed, ct);
                ui.MarkupLine(Markup.Escape($"SecureML {model}: accuracy {report.AccuracyPlain:P2} plain, {report.AccuracyPlainPiecewise:P2} plain piecewise, " +
                    $"{report.AccuracyPrivate:P2} on shares; {report.BytesOnline / 1e6:F0} MB between servers, {report.MsOnline / 1000:F1} s online"));
                training.Add(report);
            }
            await TrainCommand.WriteJsonAsync(new Report(inference, training, compared), r.GetValue(json), ct);
            return 0;
        });
        return command;
    }

    private static async Task<SameModel> CompareAsync(ModelZoo zoo, ImageDataset test, int keyBits, int? seed, IAnsiConsole ui, CancellationToken ct)
    {
        const string model = "zoo:mlp";
        var path = zoo.Resolve(model);
        var architecture = Inference.Privacy.Homomorphic.HomomorphicModel.Load(path, model);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var plain = Inference.Privacy.TwoParty.PlainReference.Logits(path, test.Pixels, test.Count, architecture.InputSize, architecture.OutputSize);
        double plainMs = watch.Elapsed.TotalMilliseconds / test.Count;
        int right = 0;
        for (int i = 0; i < test.Count; i++)
            if (System.Numerics.Tensors.TensorPrimitives.IndexOfMax<float>(plain.AsSpan(i * architecture.OutputSize, architecture.OutputSize)) == test.Labels[i]) right++;
        long plainBytes = (architecture.InputSize + architecture.OutputSize) * sizeof(float);
        var twoParty = await PrivateInferCommand.RunAsync(model, path, test, 50, null, null, seed, ct);
        var he = await PrivateInferCommand.RunHomomorphicAsync(model, path, test, keyBits, null, null, seed, ct);
        ui.MarkupLine(Markup.Escape($"{model}, {test.Count} frames: plaintext {plainMs:F2} ms and {plainBytes} B per frame; " +
            $"2pc {twoParty.MsOnlinePerFrame:F0} ms and {twoParty.BytesOnlinePerFrame / 1e6:F2} MB online per frame; " +
            $"he ({he.KeyBits}-bit Paillier) {he.MsOnlinePerFrame / 1000:F1} s and {he.BytesOnlinePerFrame / 1e6:F2} MB online per frame, accuracy {he.AccuracyPrivate:P1} vs {he.AccuracyPlain:P1} plain, max |logit error| {he.MaxAbsLogitError:G3}"));
        return new SameModel(model, test.Count, Math.Round(plainMs, 3), plainBytes, (double)right / test.Count, twoParty, he);
    }
}

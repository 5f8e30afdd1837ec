using System.CommandLine;
using Spectre.Console;
using Verge.Cli.Options;
using Verge.Cli.Output;
using Verge.Core.Errors;
using Verge.Inference.Privacy;
using Verge.Learning.Data;
using Verge.Learning.Engine;
using Verge.Learning.Models;
using Verge.Learning.Privacy.SplitLearning;
using Verge.Net.Hosting;
using Verge.Net.SplitLearning;

namespace Verge.Cli.Commands;

/// <summary>
/// `verge split-train edge|device`: split learning between two processes over gRPC (Gupta &amp; Raskar, 2018), with
/// Laplace noise on the activations that leave the device (Mao et al., 2018). The edge trains the tail; the device
/// trains the head on its own images and sends only (noised) activations and labels.
/// </summary>
internal static class SplitTrainCommand
{
    public static Command Create()
    {
        var command = new Command("split-train", "Split learning over gRPC: the device trains the head, the edge the tail, with DP noise on the activations");
        command.Subcommands.Add(Edge());
        command.Subcommands.Add(Device());
        return command;
    }

    private static Command Edge()
    {
        var listen = new Option<string>("--listen") { Description = "address to listen on, http://HOST:PORT or https://HOST:PORT (port 0: a free one)", DefaultValueFactory = _ => "http://127.0.0.1:50071" };
        var command = new Command("edge", "Serve the tail of split learning until stopped (Ctrl-C)") { listen };
        var security = new ServerSecurityOptions();
        security.AddTo(command, outbound: false);
        command.SetAction(async (r, ct) =>
        {
            var serverSecurity = security.Read(r);
            var where = NodeHostOptions.FromListenUrl("edge", r.GetValue(listen)!, 1, serverSecurity);
            await using var server = await SplitLearningServer.StartAsync(where.Host, where.Port, ct, serverSecurity);
            Console.WriteLine($"verge split-train: edge listening on {server.Url}");
            Console.Out.Flush();
            try { await Task.Delay(Timeout.Infinite, ct); }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
            return 0;
        });
        return command;
    }

    private static Command Device()
    {
        var d = new SplitLearningOptions();
        var edge = new Option<string>("--edge") { Description = "the edge's URL (verge split-train edge)", Required = true, HelpName = "URL" };
        var data = new Option<string?>("--data") { Description = $"folder with the Fashion-MNIST IDX files (default {FashionMnist.DefaultDirectory})" };
        var model = new Option<string>("--model") { Description = "trainable zoo model", DefaultValueFactory = _ => d.Model };
        var cut = new Option<int>("--cut-after") { Description = "last head layer (index into the model's body)", DefaultValueFactory = _ => d.CutAfter };
        var epsilon = new Option<double?>("--epsilon") { Description = "ε of the Laplace noise per example and step (local DP); none: clean activations" };
        var nullify = new Option<double>("--nullification") { Description = "share of activations nullified", DefaultValueFactory = _ => 0 };
        var clip = new Option<double?>("--clip") { Description = "L1 clip B of each example's activations (default: the untrained head's median norm)" };
        var trainImages = new Option<int>("--train-images") { Description = "the device's training images", DefaultValueFactory = _ => d.OwnerImages };
        var testImages = new Option<int>("--test-images") { Description = "test images scored", DefaultValueFactory = _ => d.TestImages };
        var epochs = new Option<int>("--epochs") { Description = "epochs", DefaultValueFactory = _ => d.Epochs };
        var batch = new Option<int>("--batch") { Description = "mini-batch size", DefaultValueFactory = _ => d.BatchSize };
        var lr = new Option<double>("--lr") { Description = "Adam learning rate of head and tail", DefaultValueFactory = _ => d.LearningRate };
        var seed = new Option<int>("--seed") { Description = "seed of the weights, the order and the noise", DefaultValueFactory = _ => d.Seed };
        var json = CommonOptions.Json();
        var command = new Command("device", "Train the head here against a split-learning edge; prints test accuracy")
        {
            edge, data, model, cut, epsilon, nullify, clip, trainImages, testImages, epochs, batch, lr, seed, json,
        };
        var security = new ClientSecurityOptions();
        security.AddTo(command);
        command.SetAction(async (r, ct) =>
        {
            var jsonPath = r.GetValue(json);
            var console = Ui.For(jsonPath);
            var train = (await FashionMnist.LoadTrainAsync(r.GetValue(data), ct)).Take(CommonOptions.Positive(r.GetValue(trainImages), "--train-images"));
            var test = (await FashionMnist.LoadTestAsync(r.GetValue(data), ct)).Take(CommonOptions.Positive(r.GetValue(testImages), "--test-images"));
            int s = r.GetValue(seed), cutAfter = r.GetValue(cut);
            var whole = TrainableZoo.Create(r.GetValue(model)!, s);
            if (cutAfter < 0 || cutAfter >= whole.Body.Layers.Count - 1)
                throw new UsageException($"--cut-after {cutAfter} is outside {whole.Name}'s {whole.Body.Layers.Count} layers; give 0..{whole.Body.Layers.Count - 2}");
            var layers = new Sequential([.. whole.Body.Layers.Take(cutAfter + 1)]);
            int[] image = [train.Channels, train.Height, train.Width];
            var (features, median) = SplitLearningExperiment.CalibrateClip(layers, train);
            double bound = r.GetValue(clip) ?? median;
            var noise = r.GetValue(epsilon) is { } e ? FeatureNoise.Create(e, r.GetValue(nullify), bound) : null;
            float rate = (float)r.GetValue(lr);
            using var tail = await RemoteSplitTail.ConnectAsync(r.GetValue(edge)!, whole.Name, cutAfter, s, rate, security.Read(r), ct: ct);
            var head = new SplitHead(layers, rate, noise, new Random(s * 7919));
            console.MarkupLine($"[grey]split learning of {whole.Name} cut after layer {cutAfter}: {features} activations per image leave the device" +
                (noise is null ? " clean" : $", ε = {noise.Epsilon:G}, L1 clip {bound:G4}, Laplace b = {noise.LaplaceScale:G3}") + "[/]");
            double loss = await SplitTrainer.TrainAsync(head, tail, train.Pixels, image, train.Labels, CommonOptions.Positive(r.GetValue(epochs), "--epochs"),
                CommonOptions.Positive(r.GetValue(batch), "--batch"), new Rng(s), Ui.Reporter<string>(line => console.MarkupLine($"[grey]{line}[/]")), ct);
            var (accuracy, _) = await SplitTrainer.EvaluateAsync(head, tail, test.Pixels, image, test.Labels, ct: ct);
            console.MarkupLine($"test accuracy {accuracy:P1} on {test.Count} images (final loss {loss:F3})");
            JsonOutput.Write(new
            {
                Model = whole.Name, CutAfter = cutAfter, Features = features, Epsilon = noise?.Epsilon, Nullification = noise?.Nullification ?? 0,
                ClipL1 = bound, LaplaceScale = noise?.LaplaceScale ?? 0, TrainImages = train.Count, TestImages = test.Count, FinalLoss = loss, Accuracy = accuracy,
            }, jsonPath);
            return 0;
        });
        return command;
    }
}

using System.CommandLine;
using System.Globalization;
using System.Text;
using Spectre.Console;
using Verge.Cli.Options;
using Verge.Cli.Output;
using Verge.Core.Errors;
using Verge.Core.Files;
using Verge.Learning.Data;
using Verge.Learning.Privacy.SplitLearning;

namespace Verge.Cli.Commands;

/// <summary>
/// `verge bench split-learning`: split learning with Laplace noise on the activations (Mao et al., 2018) against ε —
/// test accuracy of head+tail trained under that noise, and the inversion attack on what left the device.
/// </summary>
internal static class BenchSplitLearningCommand
{
    public static Command Create()
    {
        var d = new SplitLearningOptions();
        var data = new Option<string?>("--data") { Description = $"folder with the Fashion-MNIST IDX files (default {FashionMnist.DefaultDirectory})" };
        var model = new Option<string>("--model") { Description = "trainable zoo model", DefaultValueFactory = _ => d.Model };
        var cut = new Option<int>("--cut-after") { Description = "last head layer (index into the model's body)", DefaultValueFactory = _ => d.CutAfter };
        var owner = new Option<int>("--owner-images") { Description = "device's training images (first half of the training set)", DefaultValueFactory = _ => d.OwnerImages };
        var attacker = new Option<int>("--attacker-images") { Description = "attacker's public images (second half)", DefaultValueFactory = _ => d.AttackerImages };
        var test = new Option<int>("--test-images") { Description = "test images scored", DefaultValueFactory = _ => d.TestImages };
        var epochs = new Option<int>("--epochs") { Description = "epochs of split training per ε", DefaultValueFactory = _ => d.Epochs };
        var dec = new Option<int>("--decoder-epochs") { Description = "epochs of each attacker decoder per ε", DefaultValueFactory = _ => d.DecoderEpochs };
        var nullify = new Option<double>("--nullification") { Description = "share of activations nullified", DefaultValueFactory = _ => d.Nullification };
        var eps = new Option<string>("--epsilons") { Description = "comma-separated ε values (per example and step)", DefaultValueFactory = _ => string.Join(',', d.Epsilons.Select(e => e.ToString(CultureInfo.InvariantCulture))) };
        var json = CommonOptions.Json();
        var markdown = new Option<string?>("--markdown") { Description = "write the table as Markdown (e.g. docs/results/split-learning.md)", HelpName = "FILE.md" };
        var plot = new Option<string?>("--plot") { Description = "write accuracy and PSNR vs ε as PNG", HelpName = "FILE.png" };
        var command = new Command("split-learning", "Split learning with DP on activations vs ε: accuracy and an inversion attack's PSNR/SSIM")
        {
            data, model, cut, owner, attacker, test, epochs, dec, nullify, eps, json, markdown, plot,
        };
        command.SetAction(async (r, ct) =>
        {
            var epsilons = new List<double>();
            foreach (var s in r.GetValue(eps)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                epsilons.Add(double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var e) && e >= 1e-3 && e <= 1e6
                    ? e : throw new UsageException($"--epsilons value '{s}' is not a number in [0.001, 1e6]; write e.g. 20000,5000,1000"));
            var o = new SplitLearningOptions
            {
                Model = r.GetValue(model)!, CutAfter = r.GetValue(cut), Epsilons = epsilons, Nullification = r.GetValue(nullify),
                OwnerImages = CommonOptions.Positive(r.GetValue(owner), "--owner-images"),
                AttackerImages = CommonOptions.Positive(r.GetValue(attacker), "--attacker-images"),
                TestImages = CommonOptions.Positive(r.GetValue(test), "--test-images"),
                Epochs = CommonOptions.Positive(r.GetValue(epochs), "--epochs"),
                DecoderEpochs = CommonOptions.Positive(r.GetValue(dec), "--decoder-epochs"),
            };
            var jsonPath = r.GetValue(json);
            var console = Ui.For(jsonPath);
            var trainSet = await FashionMnist.LoadTrainAsync(r.GetValue(data), ct);
            var testSet = await FashionMnist.LoadTestAsync(r.GetValue(data), ct);
            var load = HostState.LoadAverage();
            var result = await SplitLearningExperiment.RunAsync(trainSet, testSet, o, Ui.Reporter<string>(s => console.MarkupLine($"[grey]{Markup.Escape(s)}[/]")), ct);
            if (r.GetValue(markdown) is { } md) WriteMarkdown(md, o, result, load, r.GetValue(plot));
            if (r.GetValue(plot) is { } png) SplitLearningPlot.Save(result, png);
            JsonOutput.Write(new
            {
                result.Model, o.CutAfter, result.Features, ClipL1 = result.Clip, o.Nullification, o.OwnerImages, o.AttackerImages, o.TestImages, o.Epochs,
                Rows = result.Rows.Select(x => new
                {
                    Epsilon = double.IsPositiveInfinity(x.Epsilon) ? (double?)null : x.Epsilon, x.LaplaceScale, x.Accuracy, x.FinalLoss,
                    x.Psnr, x.Ssim, x.AttackAccuracy, x.Decoder,
                }),
            }, jsonPath);
        });
        return command;
    }

    private static void WriteMarkdown(string path, SplitLearningOptions o, SplitLearningResult result, string? load, string? png)
    {
        var inv = CultureInfo.InvariantCulture;
        var md = new StringBuilder();
        md.AppendLine("# Split learning with DP on activations vs an inversion attack (issue #13, item 3)").AppendLine();
        md.AppendLine("Command: `verge " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1)) + "`").AppendLine();
        md.AppendLine(inv, $"Host loaded (helpers running; load average {load ?? "?"} at start). Accuracy and PSNR do not depend on load; only the time to run does.").AppendLine();
        md.AppendLine(inv, $"Model {result.Model} cut after body layer {o.CutAfter}: {result.Features} activations per image leave the device. Per ε a fresh model (same seed) is trained {o.Epochs} epochs on the first {o.OwnerImages} training images, the device stepping the head and the edge the tail; every activation that leaves the device is clipped to L1 norm B = {result.Clip:G4} (the untrained head's median), {o.Nullification:P0} nullified, and perturbed with Laplace(2B/ε): ε-local DP per example and step (no composition over steps is claimed). Accuracy is on {o.TestImages} test images with the same noise. The attacker queries the trained head on {o.AttackerImages} images of the second half, adds the same noise, trains each of its decoders (mlp, conv) and keeps the best.").AppendLine();
        md.AppendLine("| ε | Laplace b | test accuracy | final loss | attack PSNR (dB) | attack SSIM | trained model on reconstructions | best decoder |");
        md.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var x in result.Rows)
            md.AppendLine(inv, $"| {(double.IsPositiveInfinity(x.Epsilon) ? "∞ (clean)" : x.Epsilon.ToString("G", inv))} | {x.LaplaceScale:G3} | {x.Accuracy:P1} | {x.FinalLoss:F3} | {x.Psnr:F2} | {x.Ssim:F3} | {x.AttackAccuracy:P1} | {x.Decoder} |");
        if (png is not null) md.AppendLine().AppendLine($"![accuracy and PSNR vs ε]({Path.GetFileName(png)})");
        AtomicFile.WriteAllText(path, md.ToString(), "markdown");
    }
}

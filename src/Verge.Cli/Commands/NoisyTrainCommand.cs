using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Verge.Cli.Options;
using Verge.Cli.Output;
using Verge.Core.Errors;
using Verge.Learning.Data;
using Verge.Learning.Export;
using Verge.Learning.Privacy.NoisyFeatures;

namespace Verge.Cli.Commands;

/// <summary>
/// `verge noisy-train`: the deployable side of noisy features (Wang et al., ARDEN, KDD 2018). Trains the zoo model on
/// the owner's images, fine-tunes its tail on noisy head outputs at one (cut, ε, nullification), and writes the whole
/// model as ONNX (head as trained clean, tail noisily trained), with the spec block whose clip B matches the training.
/// Same options and seeds as `verge bench noisy-features`, so its tail is the one the bench's row measured.
/// </summary>
internal static class NoisyTrainCommand
{
    public static Command Create()
    {
        var d = new NoisyFeatureOptions();
        var shared = new NoisySplitFlags();
        var epsilon = new Option<double>("--epsilon") { Description = "ε per inference of the noise the device adds (app.privacy.features.epsilon)", Required = true };
        var nullify = new Option<double>("--nullification") { Description = "share of features nullified (app.privacy.features.nullification)", DefaultValueFactory = _ => d.Nullification };
        var output = new Option<string>("--out") { Description = "the ONNX model to write", Required = true, HelpName = "FILE.onnx" };
        var json = CommonOptions.Json();
        var command = new Command("noisy-train", "Fine-tune a split model's tail on noisy features (ARDEN) and write the whole model as ONNX for verge run")
        {
            epsilon, nullify, output, json,
        };
        foreach (var o in shared.All) command.Options.Add(o);
        command.SetAction(async (r, ct) =>
        {
            var o = shared.Apply(r, d with { Nullification = r.GetValue(nullify) });
            double eps = r.GetValue(epsilon);
            var jsonPath = r.GetValue(json);
            var console = Ui.For(jsonPath);
            var trainSet = await FashionMnist.LoadTrainAsync(r.GetValue(shared.Data), ct);
            var testSet = await FashionMnist.LoadTestAsync(r.GetValue(shared.Data), ct);
            if (o.TestImages > testSet.Count) throw new UsageException($"--test-images {o.TestImages} is more than the {testSet.Count} test images; give at most {testSet.Count}");
            var split = NoisySplit.Train(trainSet, o, Ui.Reporter<string>(s => console.MarkupLine($"[grey]{Markup.Escape(s)}[/]")));
            var noise = split.Noise(eps, o.Nullification)!;
            var probe = testSet.Take(o.TestImages);
            var features = split.Apply(probe);
            // The same noisy test draw (stream 3) as the bench's row, so the two accuracies are one number.
            split.Perturb(noise, 3)!.Invoke(features, probe.Count);
            double before = split.Accuracy(features, probe.Labels);
            if (o.TrainHead)
            {
                // A new head: the device sends its features, so the tail is scored on them, with the same noise stream.
                split.TrainWhole(noise);
                features = split.Apply(probe);
                split.Perturb(noise, 3)!.Invoke(features, probe.Count);
            }
            else split.FineTune(noise);
            double after = split.Accuracy(features, probe.Labels);
            await OnnxExporter.SaveAsync(split.Model, r.GetValue(output)!, ct, dynamicBatch: true);
            // The file itself, as a deployment runs it: head and tail through ONNX Runtime, the device's noise between them.
            double onnx = NoisyOnnxEvaluator.Evaluate(r.GetValue(output)!, o.CutAfter, noise, probe, o.Seed);
            var inv = CultureInfo.InvariantCulture;
            console.MarkupLine(Markup.Escape(string.Create(inv,
                $"wrote {r.GetValue(output)}: {o.Model} cut after body layer {o.CutAfter} ({split.Features} features), {(o.TrainHead ? "head and tail trained end to end with the noise" + (o.AdversaryWeight > 0 ? $" against a decoder (λ = {o.AdversaryWeight:G})" : "") : "tail noisily trained")} at ε = {eps:G}, p = {o.Nullification:G}; on {probe.Count} noisy test images the tail scores {after:P1} ({before:P1} before noisy training); the written file, head → noise → tail through ONNX Runtime, scores {onnx:P1} (fresh noise draws)")));
            console.MarkupLine(Markup.Escape(string.Create(inv,
                $"spec: app.privacy.features: {{ epsilon: {eps:G}, nullification: {o.Nullification:G}, clip: {split.Clip:G6} }} — give the same clip, and a plan that cuts after body layer {o.CutAfter}: 'verge run SPEC --cut {o.CutAfter + 1}' (cut {o.CutAfter + 1} of 'verge cuts {r.GetValue(output)}')")));
            JsonOutput.Write(new
            {
                o.Model, o.CutAfter, split.Features, Epsilon = eps, o.Nullification, ClipL1 = split.Clip, noise.LaplaceScale,
                o.OwnerImages, o.TestImages, o.Epochs, o.FineTuneEpochs, o.TrainHead, AccuracyNoisy = before, AccuracyFineTuned = after, AccuracyOnnx = onnx, Onnx = r.GetValue(output),
            }, jsonPath, "adversary_weight", o.AdversaryWeight > 0 ? o.AdversaryWeight : null);
        });
        return command;
    }
}

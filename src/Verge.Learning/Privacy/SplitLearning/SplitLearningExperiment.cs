using Verge.Core.Errors;
using Verge.Inference.Privacy;
using Verge.Learning.Data;
using Verge.Learning.Engine;
using Verge.Learning.Models;
using Verge.Learning.Privacy.NoisyFeatures;

namespace Verge.Learning.Privacy.SplitLearning;

/// <summary>
/// Split learning with DP on activations against ε (Mao et al., 2018), in one process: per ε a fresh model is split,
/// the device trains the head and the edge the tail (<see cref="SplitTrainer"/>) with that noise on every activation
/// that leaves the device, the test accuracy is taken with the same noise, and an attacker who can query the trained
/// head trains the inversion decoders on its public half with the same mechanism (<see cref="InversionAttack"/>).
/// </summary>
public static class SplitLearningExperiment
{
    public static async Task<SplitLearningResult> RunAsync(ImageDataset train, ImageDataset test, SplitLearningOptions o,
        IProgress<string>? progress = null, CancellationToken ct = default)
    {
        int half = train.Count / 2;
        if (o.OwnerImages < 1 || o.OwnerImages > half || o.AttackerImages < 1 || o.AttackerImages > train.Count - half)
            throw new UsageException($"owner and attacker images must each be between 1 and {half} (half of the {train.Count} training images)");
        if (o.TestImages < 1 || o.TestImages > test.Count)
            throw new UsageException($"test images must be between 1 and {test.Count}");
        InversionAttack.Check(o.Decoders);
        var owner = train.Take(o.OwnerImages);
        var attacker = train.Subset(Enumerable.Range(half, o.AttackerImages).ToArray());
        var probe = test.Take(o.TestImages);
        int[] image = [train.Channels, train.Height, train.Width];

        var rows = new List<SplitLearningRow>();
        int d = 0;
        double clip = 0;
        foreach (var eps in new[] { double.PositiveInfinity }.Concat(o.Epsilons))
        {
            var model = TrainableZoo.Create(o.Model, o.Seed);
            if (o.CutAfter < 0 || o.CutAfter >= model.Body.Layers.Count - 1)
                throw new UsageException($"cut after layer {o.CutAfter} is outside {o.Model}'s {model.Body.Layers.Count} layers; give 0..{model.Body.Layers.Count - 2}");
            var headLayers = new Sequential([.. model.Body.Layers.Take(o.CutAfter + 1)]);
            var tailLayers = new Sequential([.. model.Body.Layers.Skip(o.CutAfter + 1)]);
            // B from the untrained head (the same seed starts every row), so every ε clips to the same bound.
            if (rows.Count == 0) (d, clip) = CalibrateClip(headLayers, owner, o.ClipQuantile);
            var noise = double.IsPositiveInfinity(eps) ? null : FeatureNoise.Create(eps, o.Nullification, clip);
            var rng = new Rng(o.Seed);
            var head = new SplitHead(headLayers, o.LearningRate, noise, new Random(o.Seed * 7919 + rows.Count));
            var tail = new SplitTail(tailLayers, o.LearningRate);
            progress?.Report($"ε={eps:G}: training head (device) and tail (edge) on {owner.Count} images, {d} activations per image leave the device");
            double loss = await SplitTrainer.TrainAsync(head, tail, owner.Pixels, image, owner.Labels, o.Epochs, o.BatchSize, rng, progress, ct);
            var (accuracy, sent) = await SplitTrainer.EvaluateAsync(head, tail, probe.Pixels, image, probe.Labels, ct: ct);

            headLayers.Eval();
            var attackerFeatures = SplitFitting.Apply(headLayers, attacker.Pixels, image);
            var mechanismRng = new Random(o.Seed * 104_729 + rows.Count);
            Action<float[], int>? perturb = noise is null ? null : (x, n) => { for (int r = 0; r < n; r++) noise.Apply(x.AsSpan(r * d, d), mechanismRng); };
            float unit = (float)(1 / (clip / d + (noise?.LaplaceScale ?? 0)));
            var whole = new Sequential([.. headLayers.Layers, .. tailLayers.Layers]);
            var attack = InversionAttack.Run(o.Decoders, attackerFeatures, attacker, sent, probe, [d], perturb, unit, o.DecoderEpochs, o.BatchSize, rng, whole);
            var row = new SplitLearningRow(eps, noise?.LaplaceScale ?? 0, accuracy, loss, attack.Psnr, attack.Ssim, attack.Accuracy, attack.Decoder);
            rows.Add(row);
            progress?.Report($"ε={eps:G}: accuracy {accuracy:P1}; attack ({attack.Decoder}) PSNR {attack.Psnr:F2} dB, SSIM {attack.Ssim:F3}, accuracy on reconstructions {attack.Accuracy:P1}");
        }
        return new SplitLearningResult(o.Model, d, clip, rows);
    }

    /// <summary>The head's activations per image and the <paramref name="quantile"/> of their L1 norms on up to 512 of <paramref name="data"/>'s images.</summary>
    public static (int Features, double Clip) CalibrateClip(Sequential head, ImageDataset data, double quantile = 0.5)
    {
        int n = Math.Min(data.Count, 512);
        var features = SplitFitting.Apply(head, data.Pixels[..(n * data.ImageSize)], [data.Channels, data.Height, data.Width]);
        int d = features.Length / n;
        var norms = new double[n];
        for (int r = 0; r < n; r++)
            foreach (var v in features.AsSpan(r * d, d)) norms[r] += Math.Abs(v);
        Array.Sort(norms);
        return (d, norms[Math.Clamp((int)(quantile * (n - 1)), 0, n - 1)]);
    }
}

using Verge.Core.Errors;
using Verge.Inference.Privacy;
using Verge.Learning.Data;
using Verge.Learning.Engine;
using Verge.Learning.Models;

namespace Verge.Learning.Privacy.NoisyFeatures;

/// <summary>
/// Noisy features measured by an inversion attack (Wang et al., ARDEN, KDD 2018; attack after He, Zhang &amp; Lee,
/// "Model inversion attacks against collaborative inference", ACSAC 2019). The owner trains a zoo model, cuts it
/// into head (device) and tail (edge), and per ε fine-tunes the tail on noisy head outputs ("noisy training");
/// an attacker who knows the head and the mechanism trains a decoder on its own public half of the training set to
/// rebuild images from the noisy features, which are scored by PSNR, SSIM and the clean model's accuracy on them.
/// </summary>
public static class NoisyFeatureExperiment
{
    public static NoisyFeatureResult Run(ImageDataset train, ImageDataset test, NoisyFeatureOptions o, IProgress<string>? progress = null)
    {
        int half = train.Count / 2;
        if (o.OwnerImages < 1 || o.OwnerImages > half || o.AttackerImages < 1 || o.AttackerImages > train.Count - half)
            throw new UsageException($"owner and attacker images must each be between 1 and {half} (half of the {train.Count} training images)");
        if (o.TestImages < 1 || o.TestImages > test.Count)
            throw new UsageException($"test images must be between 1 and {test.Count}");
        var owner = train.Take(o.OwnerImages);
        var attacker = train.Subset(Enumerable.Range(half, o.AttackerImages).ToArray());
        var probe = test.Take(o.TestImages);
        int[] image = [train.Channels, train.Height, train.Width];
        var rng = new Rng(o.Seed);

        var model = TrainableZoo.Create(o.Model, o.Seed);
        if (o.CutAfter < 0 || o.CutAfter >= model.Body.Layers.Count - 1)
            throw new UsageException($"cut after layer {o.CutAfter} is outside {o.Model}'s {model.Body.Layers.Count} layers; give 0..{model.Body.Layers.Count - 2}");
        progress?.Report($"training {o.Model} on {owner.Count} owner images ({o.Epochs} epochs)");
        SplitFitting.FitClasses(model, owner.Pixels, image, owner.Labels, o.Epochs, o.BatchSize, 1e-3f, rng);
        var head = new Sequential([.. model.Body.Layers.Take(o.CutAfter + 1)]);
        var tail = new Sequential([.. model.Body.Layers.Skip(o.CutAfter + 1)]);
        head.Eval(); tail.Eval();
        var tailWeights = tail.GetWeights();

        InversionAttack.Check(o.Decoders);
        var nullifications = o.Nullifications ?? [o.Nullification];
        var ownerFeatures = SplitFitting.Apply(head, owner.Pixels, image);
        int d = ownerFeatures.Length / owner.Count;
        // The tail sees the head's own shape (spatial [C, H, W] at an early cut); the noise and the decoders see a vector.
        int[] featureShape = head.Forward(new Tensor(owner.Pixels[..owner.ImageSize], [1, .. image])).Shape[1..];
        double clip = Quantile(L1Norms(ownerFeatures, d), o.ClipQuantile);
        var attackerFeatures = SplitFitting.Apply(head, attacker.Pixels, image);
        var testFeatures = SplitFitting.Apply(head, probe.Pixels, image);
        double cleanAccuracy = SplitFitting.Accuracy(SplitFitting.Apply(tail, testFeatures, featureShape), probe.Labels);
        progress?.Report($"clean split accuracy {cleanAccuracy:P1}; {d} features [{string.Join('x', featureShape)}] at the cut, clip B = {clip:G4} (L1)");

        var rows = new List<NoisyFeatureRow>();
        var settings = new List<(double Eps, double P)> { (double.PositiveInfinity, 0) };
        foreach (var p in nullifications) settings.AddRange(o.Epsilons.Select(e => (e, p)));
        foreach (var (eps, p) in settings)
        {
            var noise = double.IsPositiveInfinity(eps) ? null : FeatureNoise.Create(eps, p, clip);
            var noiseRng = new Random(o.Seed * 7919 + rows.Count);
            Action<float[], int>? perturb = noise is null ? null : (x, n) => { for (int r = 0; r < n; r++) noise.Apply(x.AsSpan(r * d, d), noiseRng); };
            var noisyTest = (float[])testFeatures.Clone();
            perturb?.Invoke(noisyTest, probe.Count);

            tail.SetWeights(tailWeights);
            double noisy = SplitFitting.Accuracy(SplitFitting.Apply(tail, noisyTest, featureShape), probe.Labels);
            double tuned = noisy;
            if (noise is not null)
            {
                SplitFitting.FitClasses(tail, ownerFeatures, featureShape, owner.Labels, o.FineTuneEpochs, o.BatchSize, 5e-4f, rng, perturb);
                tuned = SplitFitting.Accuracy(SplitFitting.Apply(tail, noisyTest, featureShape), probe.Labels);
                tail.SetWeights(tailWeights);
            }

            // The attacker knows the mechanism, so it rescales inputs by their typical magnitude (mean |x| after
            // clipping plus the Laplace mean absolute value b) to keep its decoders' training stable at every ε.
            float unit = (float)(1 / (clip / d + (noise?.LaplaceScale ?? 0)));
            var attack = InversionAttack.Run(o.Decoders, attackerFeatures, attacker, noisyTest, probe, featureShape, perturb, unit,
                o.DecoderEpochs, o.BatchSize, rng, model);
            var row = new NoisyFeatureRow(eps, noise?.Nullification ?? 0, noise?.LaplaceScale ?? 0, noisy, tuned,
                attack.Psnr, attack.Ssim, attack.Accuracy) { Decoder = attack.Decoder };
            rows.Add(row);
            progress?.Report($"ε={eps:G}, nullified {p:P0}: tail {noisy:P1} → fine-tuned {tuned:P1}; attack ({attack.Decoder}) PSNR {row.Psnr:F2} dB, SSIM {row.Ssim:F3}, accuracy {attack.Accuracy:P1}");
        }
        return new NoisyFeatureResult(o.Model, d, clip, cleanAccuracy, rows);
    }

    private static double[] L1Norms(float[] features, int d)
    {
        var norms = new double[features.Length / d];
        for (int r = 0; r < norms.Length; r++)
            foreach (var v in features.AsSpan(r * d, d)) norms[r] += Math.Abs(v);
        return norms;
    }

    private static double Quantile(double[] values, double q)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return sorted[Math.Clamp((int)(q * (sorted.Length - 1)), 0, sorted.Length - 1)];
    }
}

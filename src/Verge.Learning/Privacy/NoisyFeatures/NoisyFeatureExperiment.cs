using Verge.Core.Errors;
using Verge.Learning.Data;
using Verge.Learning.Engine;

namespace Verge.Learning.Privacy.NoisyFeatures;

/// <summary>
/// Noisy features measured by an inversion attack (Wang et al., ARDEN, KDD 2018; attack after He, Zhang &amp; Lee,
/// "Model inversion attacks against collaborative inference", ACSAC 2019). The owner trains a zoo model, cuts it
/// into head (device) and tail (edge), and per ε fine-tunes the tail on noisy head outputs ("noisy training"); the
/// clean tail gets the same number of fine-tuning epochs on clean features, so the two compare as equals. An
/// attacker who knows the head and the mechanism trains decoders on its own public half of the training set to
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
        InversionAttack.Check(o.Decoders);
        var attacker = train.Subset(Enumerable.Range(half, o.AttackerImages).ToArray());
        var probe = test.Take(o.TestImages);
        int[] image = [train.Channels, train.Height, train.Width];

        var split = NoisySplit.Train(train, o, progress);
        int d = split.Features;
        var attackerFeatures = SplitFitting.Apply(split.Head, attacker.Pixels, image);
        var testFeatures = SplitFitting.Apply(split.Head, probe.Pixels, image);
        double cleanAccuracy = split.Accuracy(testFeatures, probe.Labels);
        progress?.Report($"clean split accuracy {cleanAccuracy:P1}; {d} features [{string.Join('x', split.FeatureShape)}] at the cut, clip B = {split.Clip:G4} (L1)");

        var rows = new List<NoisyFeatureRow>();
        var settings = new List<(double Eps, double P)> { (double.PositiveInfinity, 0) };
        foreach (var p in o.Nullifications ?? [o.Nullification]) settings.AddRange(o.Epsilons.Select(e => (e, p)));
        foreach (var (eps, p) in settings)
        {
            var noise = split.Noise(eps, p);
            var noisyTest = (float[])testFeatures.Clone();
            split.Perturb(noise, 3)?.Invoke(noisyTest, probe.Count);

            split.Reset();
            double noisy = split.Accuracy(noisyTest, probe.Labels);
            // What the attacker sees: the deployed head's features. With --train-head the noisy rows deploy a new head;
            // the clean row stays the original head (what one deploys without privacy), trained end to end as long.
            float[] headAttacker = attackerFeatures, headTest = testFeatures;
            double tuned;
            if (o.TrainHead)
            {
                split.TrainWhole(noise);
                if (noise is not null)
                {
                    (headAttacker, headTest) = (split.Apply(attacker), split.Apply(probe));
                    noisyTest = (float[])headTest.Clone();
                    split.Perturb(noise, 3)!.Invoke(noisyTest, probe.Count);
                }
                tuned = split.Accuracy(noise is null ? split.Apply(probe) : noisyTest, probe.Labels);
            }
            else
            {
                split.FineTune(noise);
                tuned = split.Accuracy(noisyTest, probe.Labels);
            }
            split.Reset(); // the reconstructions are scored by the clean model

            // The attacker knows the mechanism, so it rescales inputs by their typical magnitude (mean |x| after
            // clipping plus the Laplace mean absolute value b) to keep its decoders' training stable at every ε.
            float unit = (float)(1 / (split.Clip / d + (noise?.LaplaceScale ?? 0)));
            var attack = InversionAttack.Run(o.Decoders, headAttacker, attacker, noisyTest, probe, split.FeatureShape, split.Perturb(noise, 4),
                unit, o.DecoderEpochs, o.BatchSize, new Rng(o.Seed * 7919 + rows.Count), split.Model);
            var row = new NoisyFeatureRow(eps, noise?.Nullification ?? 0, noise?.LaplaceScale ?? 0, noisy, tuned,
                attack.Psnr, attack.Ssim, attack.Accuracy) { Decoder = attack.Decoder, HeadTrained = o.TrainHead && noise is not null };
            if (row.HeadTrained)
            {
                // The same attack on the new head's features without the noise, so a reader sees what the head alone hides.
                var free = InversionAttack.Run(o.Decoders, headAttacker, attacker, headTest, probe, split.FeatureShape, null,
                    (float)(d / MeanL1(headAttacker, d)), o.DecoderEpochs, o.BatchSize, new Rng(o.Seed * 7919 + 1000 + rows.Count), split.Model);
                row = row with { NoiseFree = free };
            }
            rows.Add(row);
            progress?.Report($"ε={eps:G}, nullified {p:P0}: tail {noisy:P1} → {(o.TrainHead ? "head+tail trained" : "fine-tuned")} {tuned:P1}; attack ({attack.Decoder}) PSNR {row.Psnr:F2} dB, SSIM {row.Ssim:F3}, accuracy {attack.Accuracy:P1}"
                + (row.NoiseFree is { } f ? $"; on the new head's noise-free features ({f.Decoder}) PSNR {f.Psnr:F2} dB" : ""));
        }
        return new NoisyFeatureResult(o.Model, d, split.Clip, cleanAccuracy, rows);
    }

    private static double MeanL1(float[] features, int d)
    {
        double sum = 0;
        foreach (var v in features) sum += Math.Abs(v);
        return Math.Max(sum / (features.Length / d), 1e-12);
    }
}

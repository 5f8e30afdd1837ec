using Verge.Core.Errors;
using Verge.Inference.Privacy;
using Verge.Learning.Data;
using Verge.Learning.Engine;
using Verge.Learning.Models;

namespace Verge.Learning.Privacy.NoisyFeatures;

/// <summary>
/// The owner's side of noisy features (Wang et al., ARDEN, KDD 2018): a zoo model trained on the owner's images, cut
/// into a head (device) and a tail (edge), the clip B calibrated on the head's clean outputs, and "noisy training" of
/// the tail. The bench and `verge noisy-train` build it the same way from the same options, and every fine-tuning is
/// seeded by (seed, ε, nullification) alone, so the model a user exports is the one the bench's row measured.
/// </summary>
public sealed class NoisySplit
{
    private readonly float[][] _tailWeights;
    private readonly float[][] _headWeights;
    private readonly NoisyFeatureOptions _options;

    private NoisySplit(NoisyFeatureOptions o, TrainableModel model, ImageDataset owner, float[] ownerFeatures, int[] featureShape, double clip)
    {
        _options = o;
        Model = model;
        Owner = owner;
        Head = new Sequential([.. model.Body.Layers.Take(o.CutAfter + 1)]);
        Tail = new Sequential([.. model.Body.Layers.Skip(o.CutAfter + 1)]);
        Head.Eval(); Tail.Eval();
        _tailWeights = Tail.GetWeights();
        _headWeights = Head.GetWeights();
        OwnerFeatures = ownerFeatures;
        FeatureShape = featureShape;
        Clip = clip;
    }

    /// <summary>The whole model; its tail layers are <see cref="Tail"/>'s, so a fine-tuned tail exports with it.</summary>
    public TrainableModel Model { get; }
    public Sequential Head { get; }
    public Sequential Tail { get; }
    public ImageDataset Owner { get; }
    public float[] OwnerFeatures { get; }
    /// <summary>The head's output per image ([C, H, W] at an early cut); the noise sees it as one vector.</summary>
    public int[] FeatureShape { get; }
    public int Features => Tensor.Count(FeatureShape);
    /// <summary>The L1 clip B: the <see cref="NoisyFeatureOptions.ClipQuantile"/> of the owner's clean feature norms.</summary>
    public double Clip { get; }

    /// <summary>Trains the model on the first <see cref="NoisyFeatureOptions.OwnerImages"/> training images and cuts it.</summary>
    public static NoisySplit Train(ImageDataset train, NoisyFeatureOptions o, IProgress<string>? progress = null)
    {
        var model = TrainableZoo.Create(o.Model, o.Seed);
        if (o.CutAfter < 0 || o.CutAfter >= model.Body.Layers.Count - 1)
            throw new UsageException($"cut after layer {o.CutAfter} is outside {o.Model}'s {model.Body.Layers.Count} layers; give 0..{model.Body.Layers.Count - 2}");
        int half = train.Count / 2;
        if (o.OwnerImages < 1 || o.OwnerImages > half)
            throw new UsageException($"owner images must be between 1 and {half} (half of the {train.Count} training images)");
        var owner = train.Take(o.OwnerImages);
        int[] image = [train.Channels, train.Height, train.Width];
        progress?.Report($"training {o.Model} on {owner.Count} owner images ({o.Epochs} epochs)");
        SplitFitting.FitClasses(model, owner.Pixels, image, owner.Labels, o.Epochs, o.BatchSize, 1e-3f, new Rng(o.Seed));
        var head = new Sequential([.. model.Body.Layers.Take(o.CutAfter + 1)]);
        head.Eval();
        var features = SplitFitting.Apply(head, owner.Pixels, image);
        int[] shape = head.Forward(new Tensor(owner.Pixels[..owner.ImageSize], [1, .. image])).Shape[1..];
        double clip = Quantile(L1Norms(features, Tensor.Count(shape)), o.ClipQuantile);
        return new NoisySplit(o, model, owner, features, shape, clip);
    }

    /// <summary>The mechanism at (ε, p) with this split's clip; null for ε = ∞ (clean).</summary>
    public FeatureNoise? Noise(double epsilon, double nullification) =>
        double.IsPositiveInfinity(epsilon) ? null : FeatureNoise.Create(epsilon, nullification, Clip);

    /// <summary>Adds the mechanism's noise, in place, to <c>n</c> rows of features; draws from a stream seeded by (seed, ε, p, stream).</summary>
    public Action<float[], int>? Perturb(FeatureNoise? noise, int stream)
    {
        if (noise is null) return null;
        var random = new Random(Seed(noise.Epsilon, noise.Nullification, stream));
        int d = Features;
        return (x, n) => { for (int r = 0; r < n; r++) noise.Apply(x.AsSpan(r * d, d), random); };
    }

    /// <summary>
    /// Restores the clean tail and fine-tunes it <see cref="NoisyFeatureOptions.FineTuneEpochs"/> epochs on the owner's
    /// features under <paramref name="noise"/> (fresh draws every batch); with null, on clean features, so the clean
    /// split gets as much training as every noisy one.
    /// </summary>
    public void FineTune(FeatureNoise? noise)
    {
        ResetTail();
        double eps = noise?.Epsilon ?? double.PositiveInfinity, p = noise?.Nullification ?? 0;
        SplitFitting.FitClasses(Tail, OwnerFeatures, FeatureShape, Owner.Labels, _options.FineTuneEpochs, _options.BatchSize, 5e-4f,
            new Rng(Seed(eps, p, 1)), Perturb(noise, 2));
    }

    /// <summary>
    /// Noise-aware training of the head too (Mao et al. 2018; Shredder, Mireshghallah et al., ASPLOS 2020): restores the
    /// clean model and trains head and tail end to end for <see cref="NoisyFeatureOptions.FineTuneEpochs"/> epochs on the
    /// owner's images with the device's mechanism (<see cref="NoisyCrossing"/>, same ε, p and clip B) between them, so
    /// the head learns to put the class information in few, large, noise-robust features. With null, the same
    /// training on clean features: the clean split trained as long, which the noisy rows compare with. With an
    /// <see cref="NoisyFeatureOptions.AdversaryWeight"/>, the noisy training also plays against a decoder.
    /// </summary>
    public void TrainWhole(FeatureNoise? noise)
    {
        Reset();
        double eps = noise?.Epsilon ?? double.PositiveInfinity, p = noise?.Nullification ?? 0;
        if (noise is not null && _options.AdversaryWeight > 0)
        {
            // The adversary's inputs on the attacker's scale: mean |x| after clipping plus the Laplace mean |noise| b.
            float unit = (float)(1 / (Clip / Features + noise.LaplaceScale));
            AdversarialHeadTraining.Fit(Head, new NoisyCrossing(noise, new Random(Seed(eps, p, 5))), Tail, Owner, FeatureShape, unit,
                _options.AdversaryWeight, _options.FineTuneEpochs, _options.BatchSize, 5e-4f, new Rng(Seed(eps, p, 6)), new Rng(Seed(eps, p, 7)));
            return;
        }
        var whole = noise is null ? new Sequential(Head, Tail)
            : new Sequential(Head, new NoisyCrossing(noise, new Random(Seed(eps, p, 5))), Tail);
        SplitFitting.FitClasses(whole, Owner.Pixels, [Owner.Channels, Owner.Height, Owner.Width], Owner.Labels, _options.FineTuneEpochs,
            _options.BatchSize, 5e-4f, new Rng(Seed(eps, p, 6)));
        Head.Eval(); Tail.Eval();
    }

    public void ResetTail() => Tail.SetWeights(_tailWeights);

    /// <summary>Restores the clean model: head and tail as trained on clean images.</summary>
    public void Reset()
    {
        Head.SetWeights(_headWeights);
        ResetTail();
    }

    /// <summary>The head's clean outputs for every image of <paramref name="images"/>, one row each.</summary>
    public float[] Apply(ImageDataset images) => SplitFitting.Apply(Head, images.Pixels, [images.Channels, images.Height, images.Width]);

    /// <summary>The tail's accuracy on (already noised) test features.</summary>
    public double Accuracy(float[] features, int[] labels) => SplitFitting.Accuracy(SplitFitting.Apply(Tail, features, FeatureShape), labels);

    /// <summary>A seed that is the same in every process (HashCode.Combine is randomised per process).</summary>
    private int Seed(double eps, double p, int stream)
    {
        unchecked
        {
            long h = _options.Seed;
            h = h * 1_000_003 ^ BitConverter.DoubleToInt64Bits(eps);
            h = h * 1_000_003 ^ BitConverter.DoubleToInt64Bits(p);
            h = h * 1_000_003 + stream;
            return (int)(h ^ (h >> 32)) & int.MaxValue;
        }
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

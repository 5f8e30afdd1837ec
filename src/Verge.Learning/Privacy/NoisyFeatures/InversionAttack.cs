using Verge.Core.Errors;
using Verge.Inference.Privacy;
using Verge.Learning.Data;
using Verge.Learning.Engine;

namespace Verge.Learning.Privacy.NoisyFeatures;

/// <summary>
/// The inversion attack (He, Zhang &amp; Lee, "Model inversion attacks against collaborative inference", ACSAC 2019,
/// black-box setting with a decoder trained on public data): the attacker sees features produced by the same head and
/// the same noise mechanism as the victim's, trains every decoder it has on its own images, and keeps the one that
/// rebuilds best. The strongest decoder per ε is what the curve reports, so the attack is never weakened to pass.
/// </summary>
internal static class InversionAttack
{
    /// <summary>
    /// Decoders the attacker can train: a one-hidden-layer MLP, a wider MLP with a convolutional refinement, and (at a
    /// spatial cut) a fully convolutional decoder that keeps the feature map's layout, with no bottleneck.
    /// </summary>
    public static readonly IReadOnlyList<string> Decoders = ["mlp", "conv", "spatial"];

    /// <summary>Channels of the spatial decoder's hidden convolutions.</summary>
    private const int SpatialWidth = 32;

    public static void Check(IReadOnlyList<string> decoders)
    {
        if (decoders.Count == 0) throw new UsageException($"give at least one decoder; choose from {string.Join(", ", Decoders)}");
        foreach (var d in decoders)
            if (!Decoders.Contains(d)) throw new UsageException($"unknown decoder '{d}'; choose from {string.Join(", ", Decoders)}");
    }

    /// <summary>
    /// Whether <paramref name="kind"/> can read features of this shape: the spatial decoder needs a [C, H, W] map
    /// whose side divides the image's, so that one upsampling brings it back to pixels.
    /// </summary>
    public static bool Applies(string kind, int[] featureShape, ImageDataset like) => kind != "spatial"
        || (featureShape.Length == 3 && featureShape[1] == featureShape[2] && like.Height == like.Width
            && featureShape[1] <= like.Height && like.Height % featureShape[1] == 0);

    /// <summary>The shape a decoder reads one example in: the map itself for the spatial decoder, a vector for the others.</summary>
    public static int[] InputShape(string kind, int[] featureShape) => kind == "spatial" ? featureShape : [Tensor.Count(featureShape)];

    public static Sequential Create(string kind, int[] featureShape, ImageDataset like, Rng rng) => kind switch
    {
        "spatial" => Spatial(featureShape, like, rng),
        _ => Create(kind, Tensor.Count(featureShape), like, rng),
    };

    /// <summary>
    /// Fully convolutional: 3×3 conv on the map, upsample to the image's side, two 3×3 convs down to the image's
    /// channels. Every pixel is rebuilt from the features above it, as in He, Zhang &amp; Lee's decoder for early cuts.
    /// </summary>
    private static Sequential Spatial(int[] featureShape, ImageDataset like, Rng rng)
    {
        int factor = like.Height / featureShape[1];
        var layers = new List<Layer> { new Conv2d(featureShape[0], SpatialWidth, 3, rng, padding: 1), new ReLU() };
        if (factor > 1) layers.Add(new Upsample(factor));
        layers.AddRange([new Conv2d(SpatialWidth, SpatialWidth, 3, rng, padding: 1), new ReLU(),
            new Conv2d(SpatialWidth, like.Channels, 3, rng, padding: 1), new Flatten()]);
        return new Sequential([.. layers]);
    }

    private static Sequential Create(string kind, int features, ImageDataset like, Rng rng) => kind switch
    {
        "mlp" => new Sequential(new Linear(features, 512, rng), new ReLU(), new Linear(512, like.ImageSize, rng)),
        // A coarse image from a wider MLP, then three 3x3 convolutions that learn local image structure (edges, texture).
        "conv" => new Sequential(new Linear(features, 1024, rng), new ReLU(), new Linear(1024, like.ImageSize, rng),
            new PixelGrid(like.Channels, like.Height, like.Width),
            new Conv2d(like.Channels, 16, 3, rng, padding: 1), new ReLU(),
            new Conv2d(16, 16, 3, rng, padding: 1), new ReLU(),
            new Conv2d(16, like.Channels, 3, rng, padding: 1), new Flatten()),
        _ => throw new UsageException($"unknown decoder '{kind}'; choose from {string.Join(", ", Decoders)}"),
    };

    /// <summary>Trains each decoder on the attacker's view of its own features and scores it on the probe; returns the best by PSNR.</summary>
    public static InversionScore Run(IReadOnlyList<string> decoders, float[] attackerFeatures, ImageDataset attacker, float[] probeFeatures,
        ImageDataset probe, int[] featureShape, Action<float[], int>? perturb, float unit, int epochs, int batch, Rng rng, Layer model)
    {
        InversionScore? best = null;
        foreach (var kind in decoders.Where(k => Applies(k, featureShape, attacker)))
        {
            var decoder = Create(kind, featureShape, attacker, rng);
            var input = InputShape(kind, featureShape);
            Action<float[], int> view = (x, n) => { perturb?.Invoke(x, n); for (int i = 0; i < x.Length; i++) x[i] *= unit; };
            SplitFitting.FitPixels(decoder, attackerFeatures, input, attacker.Pixels, attacker.ImageSize, epochs, batch, 1e-3f, rng, view);
            var rebuilt = SplitFitting.Apply(decoder, [.. probeFeatures.Select(v => v * unit)], input);
            for (int i = 0; i < rebuilt.Length; i++) rebuilt[i] = Math.Clamp(rebuilt[i], 0f, 1f);
            double psnr = 0, ssim = 0;
            for (int r = 0; r < probe.Count; r++)
            {
                var a = probe.Image(r);
                var b = rebuilt.AsSpan(r * probe.ImageSize, probe.ImageSize);
                psnr += Math.Min(ImageQuality.Psnr(a, b), 100);
                ssim += ImageQuality.Ssim(a, b, probe.Height, probe.Width);
            }
            double accuracy = SplitFitting.Accuracy(SplitFitting.Apply(model, rebuilt, [probe.Channels, probe.Height, probe.Width]), probe.Labels);
            var score = new InversionScore(kind, psnr / probe.Count, ssim / probe.Count, accuracy);
            best = Best(best, score);
        }
        return best ?? throw new UsageException($"none of the decoders {string.Join(", ", decoders)} reads features shaped [{string.Join('x', featureShape)}]; add mlp or conv to --decoders");
    }

    /// <summary>The better of two decoders by PSNR. A decoder whose training diverged (NaN) is never the best: it must not hide a finite score.</summary>
    public static InversionScore Best(InversionScore? best, InversionScore score) =>
        best is null || double.IsNaN(best.Psnr) || score.Psnr > best.Psnr ? score : best;
}

using Verge.Core.Errors;

namespace Verge.Inference.Privacy;

/// <summary>
/// Noisy features (Wang et al., "Not Just Privacy: Improving Performance of Private Deep Learning in Mobile Cloud",
/// ARDEN, KDD 2018): the device clips the feature tensor at the cut, nullifies a random share of it and adds Laplace
/// noise before anything leaves it. The clip bounds the L1 norm by <see cref="ClipL1"/> = B, so two clipped
/// feature vectors differ by at most 2B in L1: sensitivity Δ = 2B, and Laplace noise of scale Δ/ε per element makes
/// each inference ε-differentially private (local DP, per inference, on the whole vector). Nullification uses a mask
/// independent of the data, so it does not raise the sensitivity.
/// </summary>
public sealed record FeatureNoise(double Epsilon, double Nullification, double ClipL1)
{
    public const double MinEpsilon = 1e-3;
    public const double MaxEpsilon = 1e6;
    public const double MaxNullification = 0.95;

    /// <summary>L1 sensitivity of the clipped features: 2B.</summary>
    public double Sensitivity => 2 * ClipL1;

    /// <summary>The Laplace scale b = Δ/ε.</summary>
    public double LaplaceScale => Sensitivity / Epsilon;

    /// <summary>Checks ε, the nullified share and the clip; errors name the spec field.</summary>
    public static FeatureNoise Create(double epsilon, double nullification, double clipL1)
    {
        if (!double.IsFinite(epsilon) || epsilon < MinEpsilon || epsilon > MaxEpsilon)
            throw new InputException($"privacy.features.epsilon {epsilon} is out of range; give a number in [{MinEpsilon:G}, {MaxEpsilon:G}]");
        if (!double.IsFinite(nullification) || nullification < 0 || nullification > MaxNullification)
            throw new InputException($"privacy.features.nullification {nullification} is out of range; give a share in [0, {MaxNullification:G}]");
        if (!double.IsFinite(clipL1) || clipL1 <= 0)
            throw new InputException($"feature clip {clipL1} must be a positive L1 bound; calibrate it on clean features");
        return new FeatureNoise(epsilon, nullification, clipL1);
    }

    /// <summary>Clips, nullifies and perturbs one inference's features in place.</summary>
    public void Apply(Span<float> features, Random rng)
    {
        double norm = 0;
        foreach (var v in features) norm += Math.Abs(v);
        float scale = norm > ClipL1 ? (float)(ClipL1 / norm) : 1f;
        double b = LaplaceScale;
        for (int i = 0; i < features.Length; i++)
        {
            float v = rng.NextDouble() < Nullification ? 0f : features[i] * scale;
            features[i] = v + (float)Laplace(rng, b);
        }
    }

    /// <summary>One Laplace(0, b) draw by inverse CDF.</summary>
    public static double Laplace(Random rng, double b)
    {
        double u = rng.NextDouble() - 0.5;
        return -b * Math.Sign(u) * Math.Log(1 - 2 * Math.Abs(u));
    }
}

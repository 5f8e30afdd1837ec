namespace Verge.Core.Spec;

/// <summary>
/// <c>app.privacy.features</c>: noisy features (Wang et al., ARDEN, KDD 2018) on what leaves the device at a cut —
/// a per-inference local-DP <see cref="Epsilon"/> for the Laplace noise and the share of features nullified.
/// </summary>
public sealed record FeaturePrivacySpec(double Epsilon, double Nullification)
{
    /// <summary>
    /// The L1 bound B the device clips what leaves it to (the Laplace scale is 2B/ε); null: the device calibrates B once,
    /// as the L1 norm of the first frame's tensor at the cut.
    /// </summary>
    public double? Clip { get; init; }
}

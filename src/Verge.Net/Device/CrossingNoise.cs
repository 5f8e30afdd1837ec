using Verge.Core.Spec;
using Verge.Inference.Privacy;
using Verge.Net.Wire;

namespace Verge.Net.Device;

/// <summary>
/// Noisy features on what leaves the device (Wang et al., ARDEN, KDD 2018; <see cref="FeatureNoise"/>): every tensor
/// of one frame that crosses to the first remote stage is clipped, nullified and perturbed as one vector, so the frame
/// is ε-local-DP whatever the cut (several tensors for a DAG cut, the raw input under full offload). Without
/// <see cref="FeaturePrivacySpec.Clip"/> the bound B is the first frame's L1 norm, fixed from then on.
/// </summary>
public sealed class CrossingNoise(FeaturePrivacySpec privacy, Random? random = null)
{
    private readonly Random _random = random ?? new Random();
    private FeatureNoise? _noise = privacy.Clip is { } b ? FeatureNoise.Create(privacy.Epsilon, privacy.Nullification, b) : null;

    public FeaturePrivacySpec Privacy => privacy;

    /// <summary>The mechanism in use; null until the first frame calibrates B.</summary>
    public FeatureNoise? Mechanism => _noise;

    /// <summary>Returns noised copies of <paramref name="crossing"/>; the originals are left as they were.</summary>
    public IReadOnlyList<FloatTensor> Apply(IReadOnlyList<FloatTensor> crossing)
    {
        int total = 0;
        foreach (var t in crossing) total += t.Data.Length;
        var vector = new float[total];
        int at = 0;
        foreach (var t in crossing) { t.Data.CopyTo(vector, at); at += t.Data.Length; }
        if (_noise is null)
        {
            double norm = 0;
            foreach (var v in vector) norm += Math.Abs(v);
            _noise = FeatureNoise.Create(privacy.Epsilon, privacy.Nullification, norm > 0 ? norm : 1);
        }
        _noise.Apply(vector, _random);
        var noised = new FloatTensor[crossing.Count];
        at = 0;
        for (int i = 0; i < noised.Length; i++)
        {
            noised[i] = crossing[i] with { Data = vector[at..(at + crossing[i].Data.Length)] };
            at += crossing[i].Data.Length;
        }
        return noised;
    }
}

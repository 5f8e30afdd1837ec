using Verge.Learning.Federated.Codecs;

namespace Verge.Learning.Federated.Hierarchical;

/// <summary>
/// Gaia's significance filter (Hsieh et al., NSDI 2017, §3.2), per parameter: an edge accumulates its local change
/// of every parameter and sends parameter i to the cloud only when |accumulated_i| &gt; θ_t·|value_i|, its change
/// relative to its current value; what is not sent keeps accumulating. The threshold decays, θ_t = θ₀/√t
/// (<see cref="SignificanceRule"/>; the devices' <see cref="SignificanceCodec"/> applies the same rule one tier
/// down). What travels is exactly a sparse update: varint gaps of the ascending indices and the float32 values
/// (<see cref="TopKCodec"/>'s layout), and its length is what the edge→cloud link carries.
/// </summary>
public sealed class SignificanceFilter
{
    public SignificanceFilter(double threshold)
    {
        Threshold = SignificanceRule.Validate(threshold);
    }

    /// <summary>θ₀, the relative change a parameter needs in round 1.</summary>
    public double Threshold { get; }

    /// <summary>θ_t = θ₀/√t for round t ≥ 1.</summary>
    public double ThresholdAt(int round) => SignificanceRule.ThresholdAt(Threshold, round);

    /// <summary>Ascending indices i with |accumulated_i| &gt; θ_t·|values_i| (a zero change is never significant).</summary>
    public int[] Select(ReadOnlySpan<float> accumulated, ReadOnlySpan<float> values, int round) =>
        SignificanceRule.Select(accumulated, values, ThresholdAt(round));

    /// <summary>
    /// Takes the significant changes out of <paramref name="accumulated"/> (zeroing them there; the rest stays to
    /// accumulate further) and returns them with the exact sparse payload that carries them.
    /// </summary>
    public SignificantUpdate Take(float[] accumulated, ReadOnlySpan<float> values, int round)
    {
        var indices = Select(accumulated, values, round);
        var sent = new float[indices.Length];
        for (int k = 0; k < indices.Length; k++)
        {
            sent[k] = accumulated[indices[k]];
            accumulated[indices[k]] = 0f;
        }
        return new SignificantUpdate(indices, sent, SparsePayload(accumulated.Length, indices, sent).Length);
    }

    /// <summary>The sparse payload of <paramref name="values"/> at <paramref name="indices"/> of a vector of <paramref name="length"/>.</summary>
    public static byte[] SparsePayload(int length, int[] indices, float[] values)
    {
        var dense = new float[length];
        for (int k = 0; k < indices.Length; k++) dense[indices[k]] = values[k];
        return TopKCodec.Write(dense, indices, new Fp32Codec());
    }
}

namespace Verge.Learning.Federated.AdaptiveTau;

/// <summary>
/// A count sketch (Charikar, Chen and Farach-Colton, ICALP 2002) of a gradient: value j is added, with sign s(j), to
/// bucket h(j), both from a fixed hash of j that every client shares. It is linear, so the weighted mean of the clients'
/// sketches is the sketch of their weighted mean gradient, and E‖Sx‖² = ‖x‖² (relative error of the norm about
/// 1/√(2·width)): the server gets δ = Σ p_i ‖∇F_i − ∇F‖ from width numbers per client instead of the whole gradient.
/// </summary>
public static class GradientSketch
{
    public static float[] Of(ReadOnlySpan<float> values, int width)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        var sketch = new double[width];
        for (int j = 0; j < values.Length; j++)
        {
            ulong h = Mix((ulong)j);
            sketch[(int)(h % (ulong)width)] += (h >> 63) == 0 ? values[j] : -values[j];
        }
        return sketch.Select(v => (float)v).ToArray();
    }

    /// <summary>SplitMix64's finaliser (Steele et al., OOPSLA 2014): well-mixed bits from consecutive indices.</summary>
    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}

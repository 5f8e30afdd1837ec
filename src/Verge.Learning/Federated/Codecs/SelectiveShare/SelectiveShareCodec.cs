using Verge.Learning.Engine;

namespace Verge.Learning.Federated.Codecs;

/// <summary>
/// Selective sharing, the client side of distributed selective SGD (Shokri and Shmatikov, CCS 2015, §4): a client
/// uploads only the fraction θ of its update with the largest magnitudes, each selected value clipped to [−γ, γ]
/// and perturbed by Laplace (their choice) or Gaussian noise. Exactly ⌈θ·d⌉ coordinates travel, in the sparse
/// format of <see cref="TopKCodec"/>, so the server decodes it like any top-k payload. Unlike top-k with error
/// feedback nothing is remembered: what is not shared is dropped, as in the paper. The noise comes from a per-client
/// seeded stream (reproducible simulations), not a cryptographic generator.
/// </summary>
public sealed class SelectiveShareCodec : UpdateCodec
{
    private readonly Rng _rng;

    public SelectiveShareCodec(SelectiveShareOptions options, int seed = 0)
    {
        Options = options.Validate();
        _rng = new Rng(seed);
    }

    public SelectiveShareOptions Options { get; }
    public override string Name => Options.ToString();

    public override byte[] Encode(ReadOnlySpan<float> update)
    {
        var indices = TopKCodec.SelectLargest(update, TopKCodec.KeepCount(update.Length, Options.Fraction));
        var shared = new float[update.Length];
        foreach (int i in indices) shared[i] = Perturb(update[i]);
        return TopKCodec.Write(shared, indices, new Fp32Codec());
    }

    private float Perturb(float value)
    {
        double v = Options.Clip is { } gamma ? Math.Clamp(value, -gamma, gamma) : value;
        v += Options.Noise switch
        {
            ShareNoise.Laplace => Laplace(Options.NoiseScale),
            ShareNoise.Gaussian => Options.NoiseScale * _rng.Normal(),
            _ => 0,
        };
        // A selected coordinate stays non-zero on the wire: exactly ⌈θ·d⌉ values are shared.
        return v == 0 ? float.Epsilon : (float)v;
    }

    /// <summary>Laplace(0, b) by inverting its CDF at a uniform draw in (−½, ½).</summary>
    private double Laplace(double scale)
    {
        double u = _rng.NextDouble() - 0.5;
        while (u == -0.5) u = _rng.NextDouble() - 0.5;
        return -scale * Math.Sign(u) * Math.Log(1 - 2 * Math.Abs(u));
    }
}

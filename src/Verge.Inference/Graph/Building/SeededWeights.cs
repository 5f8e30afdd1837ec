using System.Text;

namespace Verge.Inference.Graph.Building;

/// <summary>
/// Deterministic synthetic weights: every tensor draws from its own generator, seeded by the builder's seed and the
/// tensor's name, so adding a layer never changes the weights of the others and a rebuild gives identical bytes.
/// </summary>
public static class SeededWeights
{
    /// <summary>He-style normal values, N(0, 2 / fanIn) (He et al., ICCV 2015).</summary>
    public static float[] HeNormal(int seed, string name, long count, long fanIn) =>
        Normal(seed, name, count, 0f, (float)Math.Sqrt(2.0 / Math.Max(1, fanIn)));

    public static float[] Normal(int seed, string name, long count, float mean, float std)
    {
        var values = new float[count];
        var rng = new Random(Mix(seed, name));
        // Box–Muller, two values per pair of uniforms.
        for (long i = 0; i < count; i += 2)
        {
            double u1 = 1.0 - rng.NextDouble(), u2 = rng.NextDouble();
            double r = Math.Sqrt(-2.0 * Math.Log(u1)), theta = 2.0 * Math.PI * u2;
            values[i] = mean + std * (float)(r * Math.Cos(theta));
            if (i + 1 < count) values[i + 1] = mean + std * (float)(r * Math.Sin(theta));
        }
        return values;
    }

    public static float[] Uniform(int seed, string name, long count, float low, float high)
    {
        var values = new float[count];
        var rng = new Random(Mix(seed, name));
        for (long i = 0; i < count; i++) values[i] = low + (high - low) * rng.NextSingle();
        return values;
    }

    /// <summary>FNV-1a over the name's UTF-8 bytes, folded with the seed: stable across runs and .NET versions.</summary>
    private static int Mix(int seed, string name)
    {
        uint h = 2166136261u ^ (uint)seed;
        foreach (var b in Encoding.UTF8.GetBytes(name))
        {
            h ^= b;
            h *= 16777619u;
        }
        return (int)(h & 0x7fffffff);
    }
}

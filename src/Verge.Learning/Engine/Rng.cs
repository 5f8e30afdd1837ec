namespace Verge.Learning.Engine;

/// <summary>A seeded random source: the same seed gives the same initial weights, shuffles and dropout masks.</summary>
public sealed class Rng(int seed)
{
    private readonly Random _random = new(seed);

    public int Seed { get; } = seed;

    public double NextDouble() => _random.NextDouble();

    public int Next(int maxExclusive) => _random.Next(maxExclusive);

    public float Uniform(float low, float high) => (float)(low + (high - low) * _random.NextDouble());

    /// <summary>Standard normal, by Box–Muller.</summary>
    public double Normal()
    {
        double u1 = 1.0 - _random.NextDouble(), u2 = _random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>Gamma(shape, 1) (Marsaglia and Tsang, ACM TOMS 2000), for Dirichlet partitions.</summary>
    public double Gamma(double shape)
    {
        if (shape < 1.0) return Gamma(shape + 1.0) * Math.Pow(_random.NextDouble(), 1.0 / shape);
        double d = shape - 1.0 / 3.0, c = 1.0 / Math.Sqrt(9.0 * d);
        while (true)
        {
            double x, v;
            do { x = Normal(); v = 1.0 + c * x; } while (v <= 0);
            v = v * v * v;
            double u = _random.NextDouble();
            if (u < 1 - 0.0331 * x * x * x * x || Math.Log(u) < 0.5 * x * x + d * (1 - v + Math.Log(v))) return d * v;
        }
    }

    /// <summary>Fisher–Yates shuffle in place.</summary>
    public void Shuffle(Span<int> items)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = _random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    /// <summary>He-uniform initialisation (He et al., ICCV 2015) for a weight read by <paramref name="fanIn"/> inputs.</summary>
    public void HeUniform(Span<float> weights, int fanIn)
    {
        float bound = MathF.Sqrt(6f / fanIn);
        for (int i = 0; i < weights.Length; i++) weights[i] = Uniform(-bound, bound);
    }
}

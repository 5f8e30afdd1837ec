namespace Verge.Bench.Fuzz;

/// <summary>The hostile values wire messages are built from: ids, counts, shapes, floats and names at their edges.</summary>
public static class WireValues
{
    public static int Int(Random rng) => rng.Next(6) switch
    {
        0 => 0, 1 => -1, 2 => int.MaxValue, 3 => int.MinValue, 4 => rng.Next(0, 8), _ => rng.Next(),
    };

    public static long Long(Random rng) => rng.Next(5) switch
    {
        0 => 0, 1 => -1, 2 => long.MaxValue, 3 => long.MinValue, _ => rng.NextInt64(0, 1 << 20),
    };

    public static double Double(Random rng) => rng.Next(8) switch
    {
        0 => double.NaN, 1 => double.PositiveInfinity, 2 => -1, 3 => 0, 4 => 1e308, 5 => 1e-308, _ => rng.NextDouble() * 1e6,
    };

    public static float Float(Random rng) => rng.Next(6) switch
    {
        0 => float.NaN, 1 => float.PositiveInfinity, 2 => 1e30f, 3 => 0, 4 => float.Epsilon, _ => rng.NextSingle(),
    };

    public static string Name(Random rng, string valid) => rng.Next(8) switch
    {
        0 => "", 1 => "../../etc/passwd", 2 => new string('n', 10_000), 3 => "fuzz\0name", 4 => "nope", _ => valid,
    };

    /// <summary>A shape near <paramref name="valid"/>: kept, one dim absurd, dims dropped or added.</summary>
    public static long[] Shape(Random rng, long[] valid)
    {
        var s = (long[])valid.Clone();
        switch (rng.Next(6))
        {
            case 0:
            case 1:
                return s;
            case 2:
                if (s.Length > 0) s[rng.Next(s.Length)] = new long[] { 0, -1, 1L << 31, 1L << 40, long.MaxValue, 4096 }[rng.Next(6)];
                return s;
            case 3:
                return s.Length > 0 ? s[1..] : s;
            case 4:
                return [.. s, 1 + rng.Next(4)];
            default:
                return Enumerable.Range(0, rng.Next(0, 40)).Select(_ => (long)rng.Next(-2, 3)).ToArray();
        }
    }

    /// <summary>Float payload bytes for <paramref name="shape"/>, or a wrong count of them.</summary>
    public static byte[] Payload(Random rng, long[] shape, int bytesPerElement)
    {
        long n = shape.Aggregate(1L, (a, d) => d is > 0 and < 1 << 20 ? Math.Min(a * d, 1 << 22) : a);
        long count = rng.Next(4) switch { 0 => 0, 1 => n + rng.Next(1, 9), 2 => Math.Max(0, n - 1), _ => n };
        return ByteMutations.Random(rng, (int)Math.Min(count * bytesPerElement, 16 << 20));
    }
}

namespace Verge.Net.Wire;

/// <summary>A named float tensor as plain values: what a stage takes, sends on and returns, and what the wire carries.</summary>
public sealed record FloatTensor(string Name, long[] Shape, float[] Data)
{
    public long Elements => ElementCount(Shape);

    /// <summary>The number of values a tensor of <paramref name="shape"/> holds (1 for a scalar).</summary>
    public static long ElementCount(ReadOnlySpan<long> shape)
    {
        long n = 1;
        foreach (var d in shape) n *= d;
        return n;
    }
}

namespace Verge.Net.Stages;

/// <summary>A float tensor as plain values: what a stage takes, sends on and returns.</summary>
public sealed record NamedTensor(string Name, long[] Shape, float[] Data)
{
    public long Elements => Elements0(Shape);

    internal static long Elements0(ReadOnlySpan<long> shape)
    {
        long n = 1;
        foreach (var d in shape) n *= d;
        return n;
    }
}

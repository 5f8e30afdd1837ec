using System.Buffers.Binary;

namespace Verge.Inference.Privacy.Randomness;

/// <summary>Picks a party's source (seeded only when a party seed is given) and draws integers and shuffles from any source.</summary>
public static class RandomSource
{
    /// <summary>
    /// The source of party <paramref name="role"/> for <paramref name="purpose"/>: the OS generator when
    /// <paramref name="seed"/> is null (the default, and the only safe choice), else its own seeded stream.
    /// </summary>
    /// <remarks>The caller disposes it.</remarks>
    public static IRandomSource For(int? seed, string role, string purpose) =>
        seed is { } s ? new SeededRandomSource(s, role, purpose) : OsRandomSource.Instance;

    public static ulong NextUInt64(this IRandomSource random)
    {
        Span<byte> bytes = stackalloc byte[8];
        random.Fill(bytes);
        return BinaryPrimitives.ReadUInt64LittleEndian(bytes);
    }

    /// <summary>A uniform value in [0, <paramref name="bound"/>) (rejection sampling, no modulo bias).</summary>
    public static int Below(this IRandomSource random, int bound)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bound);
        ulong limit = ulong.MaxValue - ulong.MaxValue % (ulong)bound;
        while (true)
        {
            ulong v = random.NextUInt64();
            if (v < limit) return (int)(v % (ulong)bound);
        }
    }

    /// <summary>A uniform permutation of <paramref name="items"/> (Fisher–Yates).</summary>
    public static void Shuffle(this IRandomSource random, Span<int> items)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = random.Below(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}

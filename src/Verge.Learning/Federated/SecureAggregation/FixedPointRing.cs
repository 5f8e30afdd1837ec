namespace Verge.Learning.Federated.SecureAggregation;

/// <summary>
/// Updates as integers in the ring Z_{2^b} (Bonawitz et al., CCS 2017, §3; Bell et al., CCS 2020, §5): each value
/// is clipped to [−c, c] and quantised with stochastic rounding (unbiased) to one of 2L + 1 levels, L = 2^(v−1) − 1
/// for v value bits, and stored in two's complement. The ring has b = v + ⌈log₂ n⌉ bits, so the sum of n clients'
/// values, at most n·L in magnitude, never wraps: the server reads it back exactly. Vectors travel bit-packed, b bits
/// a value.
/// </summary>
public sealed record FixedPointRing(int ValueBits, int Clients, double ClipRange)
{
    public int Levels => (1 << (ValueBits - 1)) - 1;

    public int RingBits => ValueBits + (int)Math.Ceiling(Math.Log2(Math.Max(1, Clients)));

    public uint RingMask => RingBits == 32 ? uint.MaxValue : (1u << RingBits) - 1;

    /// <summary>Clipped, stochastically rounded integers (two's complement in 32 bits).</summary>
    public uint[] Quantize(ReadOnlySpan<float> values, Random random)
    {
        var q = new uint[values.Length];
        double scale = Levels / ClipRange;
        for (int i = 0; i < values.Length; i++)
        {
            double x = Math.Clamp((double)values[i], -ClipRange, ClipRange) * scale;
            long level = (long)Math.Floor(x + random.NextDouble());
            q[i] = (uint)(int)Math.Clamp(level, -Levels, Levels);
        }
        return q;
    }

    /// <summary>The real values of a ring vector that holds a sum of at most <see cref="Clients"/> quantised vectors.</summary>
    public float[] Dequantize(ReadOnlySpan<uint> ring)
    {
        var values = new float[ring.Length];
        double step = ClipRange / Levels;
        uint mask = RingMask, half = 1u << (RingBits - 1);
        for (int i = 0; i < ring.Length; i++)
        {
            uint r = ring[i] & mask;
            long signed = r >= half ? (long)r - (1L << RingBits) : r;
            values[i] = (float)(signed * step);
        }
        return values;
    }

    public int PackedBytes(int count) => (int)(((long)count * RingBits + 7) / 8);

    /// <summary>The low <see cref="RingBits"/> bits of every value, little-endian bit order.</summary>
    public byte[] Pack(ReadOnlySpan<uint> ring)
    {
        var bytes = new byte[PackedBytes(ring.Length)];
        ulong buffer = 0;
        int filled = 0, at = 0;
        uint mask = RingMask;
        foreach (uint r in ring)
        {
            buffer |= (ulong)(r & mask) << filled;
            filled += RingBits;
            while (filled >= 8)
            {
                bytes[at++] = (byte)buffer;
                buffer >>= 8;
                filled -= 8;
            }
        }
        if (filled > 0) bytes[at] = (byte)buffer;
        return bytes;
    }

    /// <summary>The inverse of <see cref="Pack"/>; throws <see cref="FormatException"/> when the length is wrong.</summary>
    public uint[] Unpack(ReadOnlySpan<byte> bytes, int count)
    {
        if (bytes.Length != PackedBytes(count)) throw new FormatException($"a masked vector of {count} values has {PackedBytes(count)} bytes, not {bytes.Length}");
        var ring = new uint[count];
        ulong buffer = 0;
        int filled = 0, at = 0;
        uint mask = RingMask;
        for (int i = 0; i < count; i++)
        {
            while (filled < RingBits)
            {
                buffer |= (ulong)bytes[at++] << filled;
                filled += 8;
            }
            ring[i] = (uint)buffer & mask;
            buffer >>= RingBits;
            filled -= RingBits;
        }
        return ring;
    }
}

using System.Buffers.Binary;

namespace Verge.Learning.Federated.Codecs;

/// <summary>
/// k-bit quantization with stochastic rounding (unbiased in expectation, as in QSGD, Alistarh et al., NeurIPS
/// 2017): per bucket of <see cref="BucketSize"/> values, a float32 minimum and step, then each value as a k-bit
/// level, bit-packed. Size: 10 + 8·⌈n/bucket⌉ + ⌈n·k/8⌉ bytes.
/// </summary>
public sealed class QuantizationCodec : UpdateCodec
{
    private readonly Random _random;

    public QuantizationCodec(int bits = 8, int bucketSize = 8192, int seed = 0)
    {
        if (bits is < 1 or > 8) throw new ArgumentOutOfRangeException(nameof(bits), "bits must be 1..8");
        if (bucketSize < 1) throw new ArgumentOutOfRangeException(nameof(bucketSize));
        (Bits, BucketSize, _random) = (bits, bucketSize, new Random(seed));
    }

    public int Bits { get; }
    public int BucketSize { get; }
    public override string Name => $"q{Bits}";

    public static int EncodedSize(int count, int bits, int bucketSize) =>
        10 + 8 * ((count + bucketSize - 1) / bucketSize) + (int)(((long)count * bits + 7) / 8);

    public override byte[] Encode(ReadOnlySpan<float> update)
    {
        int n = update.Length, buckets = (n + BucketSize - 1) / BucketSize, levels = (1 << Bits) - 1;
        var bytes = new byte[EncodedSize(n, Bits, BucketSize)];
        bytes[0] = QuantizedTag;
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(1), n);
        bytes[5] = (byte)Bits;
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(6), BucketSize);
        var packed = bytes.AsSpan(10 + 8 * buckets);
        long bit = 0;
        for (int b = 0; b < buckets; b++)
        {
            var chunk = update.Slice(b * BucketSize, Math.Min(BucketSize, n - b * BucketSize));
            float min = float.PositiveInfinity, max = float.NegativeInfinity;
            foreach (var v in chunk) { min = Math.Min(min, v); max = Math.Max(max, v); }
            float step = max > min ? (max - min) / levels : 0f;
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(10 + 8 * b), min);
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(14 + 8 * b), step);
            foreach (var v in chunk)
            {
                int q = 0;
                if (step > 0f)
                {
                    // Stochastic rounding: round up with probability equal to the fractional part.
                    double scaled = (v - min) / step;
                    q = Math.Clamp((int)Math.Floor(scaled + _random.NextDouble()), 0, levels);
                }
                WriteBits(packed, bit, q, Bits);
                bit += Bits;
            }
        }
        return bytes;
    }

    internal static float[] ReadBody(ref PayloadReader reader)
    {
        int n = reader.Count();
        int bits = reader.Byte();
        if (bits is < 1 or > 8) throw new FormatException($"{bits}-bit quantization is not supported");
        int bucketSize = reader.Count();
        if (bucketSize < 1) throw new FormatException("bucket size must be positive");
        int buckets = (n + bucketSize - 1) / bucketSize;
        var header = reader.Take(8 * buckets);
        var packed = reader.Take((int)(((long)n * bits + 7) / 8));
        var values = new float[n];
        long bit = 0;
        for (int b = 0; b < buckets; b++)
        {
            float min = BinaryPrimitives.ReadSingleLittleEndian(header[(8 * b)..]);
            float step = BinaryPrimitives.ReadSingleLittleEndian(header[(8 * b + 4)..]);
            int end = Math.Min(n, (b + 1) * bucketSize);
            for (int i = b * bucketSize; i < end; i++, bit += bits)
                values[i] = min + ReadBits(packed, bit, bits) * step;
        }
        return values;
    }

    private static void WriteBits(Span<byte> packed, long bit, int value, int bits)
    {
        if (bits == 8) { packed[(int)(bit >> 3)] = (byte)value; return; }
        for (int i = 0; i < bits; i++, bit++)
            if (((value >> i) & 1) != 0) packed[(int)(bit >> 3)] |= (byte)(1 << (int)(bit & 7));
    }

    private static int ReadBits(ReadOnlySpan<byte> packed, long bit, int bits)
    {
        if (bits == 8) return packed[(int)(bit >> 3)];
        int value = 0;
        for (int i = 0; i < bits; i++, bit++)
            value |= ((packed[(int)(bit >> 3)] >> (int)(bit & 7)) & 1) << i;
        return value;
    }
}

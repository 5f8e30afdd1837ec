using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;

namespace Verge.Inference.Planning.InputWise;

/// <summary>
/// A lossless strip codec for post-ReLU maps, where many values are exactly zero: a bitmap of ⌈n/8⌉ bytes (bit i
/// set: value i is not +0.0, least significant bit first), then the values whose bit is set as little-endian float32,
/// bit for bit (−0.0, NaN and infinities pass unchanged). <see cref="Encode"/> answers null when the bitmap would not
/// be smaller than plain float32, so the sender keeps the plain form then. <see cref="Decode"/> refuses any input whose
/// bitmap and value count disagree, or whose unused bits are set: a damaged strip never becomes a wrong map.
/// </summary>
public static class ZeroBitmap
{
    /// <summary>Encoded size over float32's for a map with <paramref name="zeroShare"/> of its values exactly +0.0 (at most 1: the plain form is kept otherwise).</summary>
    public static double Ratio(double zeroShare) => Math.Min(1, 1 - zeroShare + 1.0 / 32);

    /// <summary>The bitmap form of <paramref name="values"/>, or null when it is not smaller than 4 bytes per value.</summary>
    public static byte[]? Encode(ReadOnlySpan<float> values)
    {
        var bits = MemoryMarshal.Cast<float, int>(values);
        int mapBytes = (values.Length + 7) / 8, nonZero = bits.Length - bits.Count(0);
        long size = mapBytes + 4L * nonZero;
        if (size >= 4L * values.Length) return null;
        var data = new byte[size];
        var packed = MemoryMarshal.Cast<byte, int>(data.AsSpan(mapBytes, 4 * nonZero));
        int at = 0;
        for (int i = 0; i < bits.Length; i++)
        {
            if (bits[i] == 0) continue;
            data[i >> 3] |= (byte)(1 << (i & 7));
            packed[at++] = BitConverter.IsLittleEndian ? bits[i] : BinaryPrimitives.ReverseEndianness(bits[i]);
        }
        return data;
    }

    /// <summary>The <paramref name="count"/> values of an encoded strip; <see cref="InvalidDataException"/> (one line) when it does not decode to exactly that many.</summary>
    public static float[] Decode(ReadOnlySpan<byte> data, long count)
    {
        if (count <= 0 || count > Array.MaxLength) throw new InvalidDataException($"a zero-bitmap strip of {count} values cannot be decoded; the sender's strip shape is wrong");
        int mapBytes = (int)((count + 7) / 8);
        if (data.Length < mapBytes)
            throw new InvalidDataException($"a zero-bitmap strip of {count} values has {data.Length} bytes, fewer than its {mapBytes}-byte bitmap; the strip was cut short");
        int set = 0;
        for (int i = 0; i < mapBytes; i++) set += BitOperations.PopCount(data[i]);
        int spare = mapBytes * 8 - (int)count;
        if (spare > 0 && (data[mapBytes - 1] >> (8 - spare)) != 0)
            throw new InvalidDataException($"a zero-bitmap strip of {count} values marks values past its end; the strip is corrupt");
        if (data.Length != mapBytes + 4L * set)
            throw new InvalidDataException($"a zero-bitmap strip marks {set} non-zero values but carries {data.Length - mapBytes} bytes of values, not {4L * set}; the strip is corrupt");
        var values = new float[count];
        var bits = MemoryMarshal.Cast<float, int>(values.AsSpan());
        int at = mapBytes;
        for (int i = 0; i < values.Length; i++)
        {
            if ((data[i >> 3] & (1 << (i & 7))) == 0) continue;
            int v = BinaryPrimitives.ReadInt32LittleEndian(data[at..]);
            if (v == 0) throw new InvalidDataException($"a zero-bitmap strip marks value {i} non-zero but carries +0.0; the strip is corrupt");
            bits[i] = v;
            at += 4;
        }
        return values;
    }

    /// <summary>Share of <paramref name="values"/> that are exactly +0.0 (the codec's zeros).</summary>
    public static double ZeroShare(ReadOnlySpan<float> values)
    {
        return values.IsEmpty ? 0 : (double)MemoryMarshal.Cast<float, int>(values).Count(0) / values.Length;
    }
}

using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Verge.Learning.Federated.Codecs;

/// <summary>The uncompressed baseline: a tag, the count, then every value as little-endian float32 (5 + 4n bytes).</summary>
public sealed class Fp32Codec : UpdateCodec
{
    public override string Name => "fp32";

    public static int EncodedSize(int count) => 5 + 4 * count;

    public override byte[] Encode(ReadOnlySpan<float> update)
    {
        var bytes = new byte[EncodedSize(update.Length)];
        Write(bytes, update);
        return bytes;
    }

    internal static void Write(Span<byte> into, ReadOnlySpan<float> values)
    {
        into[0] = DenseTag;
        BinaryPrimitives.WriteInt32LittleEndian(into[1..], values.Length);
        if (BitConverter.IsLittleEndian) MemoryMarshal.AsBytes(values).CopyTo(into[5..]);
        else for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(into[(5 + 4 * i)..], values[i]);
    }

    internal static float[] ReadBody(ref PayloadReader reader)
    {
        int n = reader.Count();
        var bytes = reader.Take(checked(4 * n));
        var values = new float[n];
        if (BitConverter.IsLittleEndian) bytes.CopyTo(MemoryMarshal.AsBytes(values.AsSpan()));
        else for (int i = 0; i < n; i++) values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(4 * i)..]);
        return values;
    }
}

using System.Buffers.Binary;

namespace Verge.Learning.Federated.Codecs;

/// <summary>
/// Turns a client's update into bytes for the uplink. The length of what <see cref="Encode"/> returns is exactly
/// what travels. An encoder may keep per-client state (error feedback, momentum), so every client owns its own
/// instance; decoding needs no state (the payload says how it was made), so the server calls <see cref="Decode"/>.
/// </summary>
public abstract class UpdateCodec
{
    internal const byte DenseTag = 1, QuantizedTag = 2, SparseTag = 3, TernaryTag = 4;

    public abstract string Name { get; }

    public abstract byte[] Encode(ReadOnlySpan<float> update);

    /// <summary>
    /// Encodes the update of <paramref name="weights"/> (the model the device was sent) in <paramref name="round"/>;
    /// a codec whose choice depends on the model's values or the round (<see cref="SignificanceCodec"/>) overrides it.
    /// </summary>
    public virtual byte[] Encode(ReadOnlySpan<float> update, ReadOnlySpan<float> weights, int round) => Encode(update);

    /// <summary>The values a payload carries; throws <see cref="FormatException"/> when it is malformed.</summary>
    public static float[] Decode(ReadOnlySpan<byte> payload)
    {
        var reader = new PayloadReader(payload);
        var values = DecodeFrom(ref reader);
        if (!reader.AtEnd) throw new FormatException($"{reader.Remaining} trailing bytes after the update");
        return values;
    }

    internal static float[] DecodeFrom(ref PayloadReader reader)
    {
        byte tag = reader.Byte();
        return tag switch
        {
            DenseTag => Fp32Codec.ReadBody(ref reader),
            QuantizedTag => QuantizationCodec.ReadBody(ref reader),
            SparseTag => TopKCodec.ReadBody(ref reader),
            TernaryTag => SparseTernaryCodec.ReadBody(ref reader),
            _ => throw new FormatException($"unknown update encoding {tag}"),
        };
    }

    /// <summary>A bounds-checked little-endian reader over a payload; running off the end is a <see cref="FormatException"/>.</summary>
    internal ref struct PayloadReader(ReadOnlySpan<byte> data)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        private int _at;

        public readonly bool AtEnd => _at == _data.Length;
        public readonly int Remaining => _data.Length - _at;

        public ReadOnlySpan<byte> Take(int count)
        {
            if (count < 0 || count > Remaining) throw new FormatException($"update truncated: needs {count} more bytes, has {Remaining}");
            var span = _data.Slice(_at, count);
            _at += count;
            return span;
        }

        public byte Byte() => Take(1)[0];
        public int Int32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));
        public float Single() => BinaryPrimitives.ReadSingleLittleEndian(Take(4));

        /// <summary>A non-negative length, bounded so that a hostile header cannot make us allocate gigabytes.</summary>
        public int Count(int max = 1 << 28)
        {
            int n = Int32();
            if (n < 0 || n > max) throw new FormatException($"length {n} out of range");
            return n;
        }

        public uint VarUInt()
        {
            uint value = 0;
            for (int shift = 0; shift < 35; shift += 7)
            {
                byte b = Byte();
                value |= (uint)(b & 0x7F) << shift;
                if ((b & 0x80) == 0) return value;
            }
            throw new FormatException("varint too long");
        }
    }
}

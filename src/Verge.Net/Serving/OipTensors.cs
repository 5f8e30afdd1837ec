using System.Buffers.Binary;
using Verge.Inference.Graph;
using Verge.Inference.Serving.Api;

namespace Verge.Net.Serving;

/// <summary>
/// Transport-free checks and packing shared by the gRPC and REST forms: a tensor's datatype and shape against its
/// values, and typed values to and from the raw little-endian bytes <see cref="NamedTensor"/> carries. Every
/// complaint names the tensor (and the field) so a client can fix its request.
/// </summary>
public static class OipTensors
{
    /// <summary>The ONNX element type of <paramref name="datatype"/>, or INVALID_ARGUMENT naming the input.</summary>
    public static int ElementTypeOf(string name, string datatype)
    {
        if (string.IsNullOrEmpty(name)) throw ServingStatus.Invalid("input without a name: every input needs 'name'");
        if (!OipDatatype.TryParse(datatype, out int type))
            throw ServingStatus.Invalid($"input '{name}': datatype '{datatype}' is not supported; use one of {OipDatatype.Supported}");
        return type;
    }

    /// <summary>How many elements <paramref name="shape"/> holds; INVALID_ARGUMENT for a negative dimension or an absurd product.</summary>
    public static long ElementCount(string name, IReadOnlyList<long> shape)
    {
        // Bounded so that elements × the widest element size (16 bytes) still fits a long: the fuzzers sent 2^63−1.
        const long Limit = long.MaxValue / 16;
        long count = 1;
        foreach (var d in shape)
        {
            if (d < 0) throw ServingStatus.Invalid($"input '{name}': shape {Text(shape)} has a negative dimension; give the actual sizes");
            if (d != 0 && count > Limit / d)
                throw ServingStatus.Invalid($"input '{name}': shape {Text(shape)} holds more elements than any tensor can; give the actual sizes");
            count *= d;
        }
        return count;
    }

    /// <summary>A tensor from raw contents, checked: the byte count must be the shape's elements times the element size.</summary>
    public static NamedTensor FromRaw(string name, string datatype, long[] shape, ReadOnlyMemory<byte> raw)
    {
        int type = ElementTypeOf(name, datatype);
        long count = ElementCount(name, shape);
        long want = count * ElementType.Size(type);
        if (raw.Length != want)
            throw ServingStatus.Invalid($"input '{name}': raw contents of shape {Text(shape)} {datatype} need {want} bytes, got {raw.Length}");
        return new NamedTensor(name, type, shape, raw);
    }

    /// <summary>
    /// A tensor from typed values: <paramref name="count"/> values read by index, integers through
    /// <paramref name="integer"/> and reals through <paramref name="real"/> (one of them is used, by datatype).
    /// </summary>
    public static NamedTensor FromValues(string name, string datatype, long[] shape, int count, Func<int, long> integer, Func<int, double> real)
    {
        int type = ElementTypeOf(name, datatype);
        long want = ElementCount(name, shape);
        if (count != want)
            throw ServingStatus.Invalid($"input '{name}': shape {Text(shape)} needs {want} values, got {count}");
        int size = ElementType.Size(type);
        var bytes = new byte[count * size];
        for (int i = 0; i < count; i++)
        {
            var at = bytes.AsSpan(i * size, size);
            try
            {
                Write(type, at, i, integer, real);
            }
            catch (OverflowException)
            {
                throw ServingStatus.Invalid($"input '{name}': value {i} does not fit {datatype}; send values in the datatype's range");
            }
        }
        return new NamedTensor(name, type, shape, bytes);
    }

    private static void Write(int type, Span<byte> at, int i, Func<int, long> integer, Func<int, double> real)
    {
        switch (type)
        {
            case ElementType.Float: BinaryPrimitives.WriteSingleLittleEndian(at, (float)real(i)); break;
            case ElementType.Double: BinaryPrimitives.WriteDoubleLittleEndian(at, real(i)); break;
            case ElementType.Float16: BinaryPrimitives.WriteHalfLittleEndian(at, (Half)real(i)); break;
            case ElementType.BFloat16: BinaryPrimitives.WriteUInt16LittleEndian(at, (ushort)(BitConverter.SingleToUInt32Bits((float)real(i)) >> 16)); break;
            case ElementType.Bool: at[0] = integer(i) != 0 ? (byte)1 : (byte)0; break;
            case ElementType.UInt8: at[0] = checked((byte)integer(i)); break;
            case ElementType.Int8: at[0] = unchecked((byte)checked((sbyte)integer(i))); break;
            case ElementType.UInt16: BinaryPrimitives.WriteUInt16LittleEndian(at, checked((ushort)integer(i))); break;
            case ElementType.Int16: BinaryPrimitives.WriteInt16LittleEndian(at, checked((short)integer(i))); break;
            case ElementType.UInt32: BinaryPrimitives.WriteUInt32LittleEndian(at, checked((uint)integer(i))); break;
            case ElementType.Int32: BinaryPrimitives.WriteInt32LittleEndian(at, checked((int)integer(i))); break;
            case ElementType.UInt64: BinaryPrimitives.WriteUInt64LittleEndian(at, unchecked((ulong)integer(i))); break;
            default: BinaryPrimitives.WriteInt64LittleEndian(at, integer(i)); break;
        }
    }

    /// <summary>Element <paramref name="i"/> of a tensor as a real number (for floating-point datatypes).</summary>
    public static double Real(NamedTensor t, int i)
    {
        var s = t.Data.Span;
        return t.ElementType switch
        {
            ElementType.Float => BinaryPrimitives.ReadSingleLittleEndian(s[(i * 4)..]),
            ElementType.Double => BinaryPrimitives.ReadDoubleLittleEndian(s[(i * 8)..]),
            ElementType.Float16 => (double)BinaryPrimitives.ReadHalfLittleEndian(s[(i * 2)..]),
            ElementType.BFloat16 => BitConverter.UInt32BitsToSingle((uint)BinaryPrimitives.ReadUInt16LittleEndian(s[(i * 2)..]) << 16),
            _ => Integer(t, i),
        };
    }

    /// <summary>Element <paramref name="i"/> of a tensor as an integer (for integer and bool datatypes).</summary>
    public static long Integer(NamedTensor t, int i)
    {
        var s = t.Data.Span;
        return t.ElementType switch
        {
            ElementType.Bool or ElementType.UInt8 => s[i],
            ElementType.Int8 => (sbyte)s[i],
            ElementType.UInt16 => BinaryPrimitives.ReadUInt16LittleEndian(s[(i * 2)..]),
            ElementType.Int16 => BinaryPrimitives.ReadInt16LittleEndian(s[(i * 2)..]),
            ElementType.UInt32 => BinaryPrimitives.ReadUInt32LittleEndian(s[(i * 4)..]),
            ElementType.Int32 => BinaryPrimitives.ReadInt32LittleEndian(s[(i * 4)..]),
            ElementType.UInt64 => unchecked((long)BinaryPrimitives.ReadUInt64LittleEndian(s[(i * 8)..])),
            ElementType.Int64 => BinaryPrimitives.ReadInt64LittleEndian(s[(i * 8)..]),
            _ => (long)Real(t, i),
        };
    }

    public static int Count(NamedTensor t) => t.Data.Length / Math.Max(1, ElementType.Size(t.ElementType));

    public static string Text(IReadOnlyList<long> shape) => "[" + string.Join(',', shape) + "]";
}

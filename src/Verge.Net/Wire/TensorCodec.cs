using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Google.Protobuf;
using K4os.Compression.LZ4;
using Verge.Net.Protos;
using Tensor = Verge.Net.Protos.Tensor;

namespace Verge.Net.Wire;

/// <summary>
/// Float tensors to and from the wire: FP32 (bit-exact), FP16, or INT8 with per-tensor affine parameters
/// (min/max calibration, zero kept exact), each optionally LZ4-compressed. Decoding checks every field a peer
/// sends and rejects a malformed tensor with an InvalidArgument <see cref="Grpc.Core.RpcException"/>.
/// </summary>
public static class TensorCodec
{
    /// <summary>ONNX element type id of float, the one element type that travels today.</summary>
    public const int FloatType = 1;

    /// <summary>Largest tensor accepted from a peer (elements), so a forged shape cannot make us allocate the heap away.</summary>
    public const long MaxElements = 1L << 28;

    public static Tensor Encode(FloatTensor tensor, TensorEncoding encoding) =>
        Encode(tensor.Name, tensor.Shape, tensor.Data, encoding.Codec, encoding.Lz4);

    public static Tensor Encode(string name, ReadOnlySpan<long> shape, ReadOnlySpan<float> data, Codec codec, bool lz4)
    {
        if (FloatTensor.ElementCount(shape) != data.Length)
            throw new ArgumentException($"tensor '{name}': shape [{string.Join(",", shape.ToArray())}] does not hold {data.Length} values");
        var wire = new Tensor { Name = name, Dtype = FloatType, Codec = codec, Lz4 = lz4 };
        wire.Shape.Add(shape.ToArray());
        byte[] raw = codec switch
        {
            Codec.Fp32 => MemoryMarshal.AsBytes(data).ToArray(),
            Codec.Fp16 => ToHalves(data),
            Codec.Int8 => Quantize(name, data, wire),
            _ => throw new ArgumentOutOfRangeException(nameof(codec), codec, "unknown codec"),
        };
        wire.Payload = UnsafeByteOperations.UnsafeWrap(lz4 ? Compress(raw) : raw);
        return wire;
    }

    public static FloatTensor Decode(Tensor wire)
    {
        var name = wire.Name;
        if (wire.Dtype != FloatType)
            throw WireErrors.Invalid($"tensor '{name}': element type {wire.Dtype} is not supported; only float (ONNX type 1) tensors travel");
        if (!Enum.IsDefined(wire.Codec))
            throw WireErrors.Invalid($"tensor '{name}': unknown codec {(int)wire.Codec}; expected FP32 (0), FP16 (1) or INT8 (2)");
        var shape = wire.Shape.ToArray();
        long elements = CheckedElements(name, shape);
        if (wire.Codec == Codec.Int8)
        {
            if (!float.IsFinite(wire.Scale) || wire.Scale <= 0)
                throw WireErrors.Invalid($"tensor '{name}': INT8 scale {wire.Scale} must be a finite positive number");
            if (wire.ZeroPoint is < sbyte.MinValue or > sbyte.MaxValue)
                throw WireErrors.Invalid($"tensor '{name}': INT8 zero point {wire.ZeroPoint} is outside [-128, 127]");
        }

        int expected = checked((int)(elements * ElementBytes(wire.Codec)));
        var raw = wire.Lz4 ? Decompress(name, wire.Payload.Span, expected) : wire.Payload.Span;
        if (raw.Length != expected)
            throw WireErrors.Invalid($"tensor '{name}': payload has {raw.Length} bytes but shape [{string.Join(",", shape)}] in {wire.Codec} needs {expected}");

        var data = new float[elements];
        switch (wire.Codec)
        {
            case Codec.Fp32: MemoryMarshal.Cast<byte, float>(raw).CopyTo(data); break;
            case Codec.Fp16: TensorPrimitives.ConvertToSingle(MemoryMarshal.Cast<byte, Half>(raw), data); break;
            default: Dequantize(MemoryMarshal.Cast<byte, sbyte>(raw), wire.Scale, wire.ZeroPoint, data); break;
        }
        return new FloatTensor(name, shape, data);
    }

    /// <summary>Bytes one element takes in a codec's payload before LZ4.</summary>
    public static int ElementBytes(Codec codec) => codec switch { Codec.Fp16 => 2, Codec.Int8 => 1, _ => 4 };

    private static long CheckedElements(string name, long[] shape)
    {
        long n = 1;
        foreach (var d in shape)
        {
            if (d < 0)
                throw WireErrors.Invalid($"tensor '{name}': dimension {d} is negative in shape [{string.Join(",", shape)}]");
            if (d != 0 && n > MaxElements / d)
                throw WireErrors.Invalid($"tensor '{name}': shape [{string.Join(",", shape)}] has more than {MaxElements} elements");
            n *= d;
        }
        return n;
    }

    private static byte[] ToHalves(ReadOnlySpan<float> data)
    {
        var bytes = new byte[data.Length * 2];
        TensorPrimitives.ConvertToHalf(data, MemoryMarshal.Cast<byte, Half>(bytes.AsSpan()));
        return bytes;
    }

    /// <summary>Affine per-tensor INT8: the range [min(x, 0), max(x, 0)] maps onto [-128, 127], so zero stays exact.</summary>
    private static byte[] Quantize(string name, ReadOnlySpan<float> data, Tensor wire)
    {
        float min = 0, max = 0;
        if (data.Length > 0)
        {
            min = MathF.Min(0, TensorPrimitives.Min(data));
            max = MathF.Max(0, TensorPrimitives.Max(data));
        }
        if (!float.IsFinite(min) || !float.IsFinite(max))
            throw new ArgumentException($"tensor '{name}': INT8 cannot encode NaN or infinite values");
        float scale = max > min ? (max - min) / 255f : 1f;
        int zeroPoint = sbyte.MinValue - (int)MathF.Round(min / scale);
        wire.Scale = scale;
        wire.ZeroPoint = zeroPoint;

        var bytes = new byte[data.Length];
        var q = MemoryMarshal.Cast<byte, sbyte>(bytes.AsSpan());
        float inverse = 1f / scale;
        for (int i = 0; i < data.Length; i++)
            q[i] = (sbyte)Math.Clamp((int)MathF.Round(data[i] * inverse) + zeroPoint, sbyte.MinValue, sbyte.MaxValue);
        return bytes;
    }

    private static void Dequantize(ReadOnlySpan<sbyte> q, float scale, int zeroPoint, Span<float> data)
    {
        for (int i = 0; i < q.Length; i++)
            data[i] = (q[i] - zeroPoint) * scale;
    }

    private static byte[] Compress(byte[] raw)
    {
        var target = new byte[LZ4Codec.MaximumOutputSize(raw.Length)];
        int n = LZ4Codec.Encode(raw, target, LZ4Level.L00_FAST);
        return target.AsSpan(0, n).ToArray();
    }

    /// <summary>
    /// LZ4 blocks expand at most 255-fold (one length byte of 255 per 255 bytes of match), so a payload that claims
    /// more is refused before the target is allocated: a 4 MB bomb cannot make a node reserve gigabytes.
    /// </summary>
    public const int MaxLz4Ratio = 255;

    private static ReadOnlySpan<byte> Decompress(string name, ReadOnlySpan<byte> compressed, int expected)
    {
        if (expected > (long)compressed.Length * MaxLz4Ratio + 64)
            throw WireErrors.Invalid($"tensor '{name}': LZ4 payload of {compressed.Length} bytes cannot decompress to the {expected} bytes its shape needs (LZ4 expands at most {MaxLz4Ratio}x); send the tensor's real shape");
        var target = new byte[expected];
        int n = expected == 0 && compressed.Length <= 1 ? 0 : LZ4Codec.Decode(compressed, target);
        if (n != expected)
            throw WireErrors.Invalid($"tensor '{name}': LZ4 payload of {compressed.Length} bytes does not decompress to the {expected} bytes its shape needs");
        return target;
    }
}

using Verge.Inference.Planning.InputWise;
using Verge.Net.Protos;
using Verge.Net.Wire;

namespace Verge.Net.Hosting;

/// <summary>
/// A <see cref="TileStrip"/>'s values both ways, for the device and the node alike: float32 as a tensor, packed as a
/// zero bitmap (<see cref="ZeroBitmap"/>) when asked and smaller, or a camera's 8-bit values that the receiver
/// normalises (<see cref="ImageNormalization"/>). A strip that does not decode to exactly its shape is refused with one line.
/// </summary>
internal static class TileStripCodec
{
    public static TileStrip Encode(TileRect rect, string name, long[] shape, float[] values, bool pack) =>
        pack && ZeroBitmap.Encode(values) is { } data
            ? new TileStrip { Rect = rect, Packed = Packed(shape, StripFormat.ZeroBitmap, data) }
            : new TileStrip { Rect = rect, Values = TensorCodec.Encode(name, shape, values, Codec.Fp32, false) };

    /// <summary>An 8-bit strip; <paramref name="values"/> is taken over (wrapped, not copied): the caller must not change it after.</summary>
    public static TileStrip EncodeU8(TileRect rect, long[] shape, byte[] values) =>
        new() { Rect = rect, Packed = Packed(shape, StripFormat.U8, values) };

    /// <summary>The strip's shape and float values; 8-bit values are normalised with <paramref name="u8"/>, which must then be given.</summary>
    public static (long[] Shape, float[] Data) Decode(TileStrip strip, U8Input? u8, long maxElements)
    {
        if (strip.Packed is not { } packed)
        {
            var tensor = TensorCodec.Decode(strip.Values ?? throw WireErrors.Invalid("a strip carries no values"));
            return (tensor.Shape, tensor.Data);
        }
        var shape = packed.Shape.ToArray();
        if (shape.Length != 4 || shape.Any(d => d <= 0 || d > int.MaxValue))
            throw WireErrors.Invalid($"a packed strip's shape [{string.Join(",", shape)}] is not N×C×rows×cols");
        long count = shape.Aggregate(1L, (a, d) => a > long.MaxValue / d ? long.MaxValue : a * d);
        if (count > maxElements) throw WireErrors.Invalid($"a strip of {count} values is over the node's limit of {maxElements}");
        switch (packed.Format)
        {
            case StripFormat.ZeroBitmap:
                try
                {
                    return (shape, ZeroBitmap.Decode(packed.Data.Span, count));
                }
                catch (InvalidDataException e)
                {
                    throw WireErrors.Invalid(e.Message);
                }
            case StripFormat.U8:
                if (u8 is null) throw WireErrors.Invalid("an 8-bit strip came without the u8 input's mean and std; the device must send them with the first block");
                if (packed.Data.Length != count) throw WireErrors.Invalid($"an 8-bit strip of {count} values carries {packed.Data.Length} bytes; the strip is corrupt");
                var norm = Normalization(u8, shape[1]);
                return (shape, norm.Normalize(packed.Data.Span, shape[1], shape[2] * shape[3]));
            default:
                throw WireErrors.Invalid($"a strip's format {packed.Format} is not one this node reads; update the node");
        }
    }

    public static U8Input Wire(ImageNormalization norm)
    {
        var u8 = new U8Input();
        u8.Mean.AddRange(norm.Mean);
        u8.Std.AddRange(norm.Std);
        return u8;
    }

    private static ImageNormalization Normalization(U8Input u8, long channels)
    {
        var norm = new ImageNormalization(u8.Mean.ToArray(), u8.Std.ToArray());
        if (norm.Mean.Count == 0 || (norm.Mean.Count != 1 && norm.Mean.Count != channels) || norm.Mean.Count != norm.Std.Count
            || norm.Std.Any(s => !(s > 0) || !float.IsFinite(s)) || norm.Mean.Any(m => !float.IsFinite(m)))
            throw WireErrors.Invalid($"the u8 input's {norm.Mean.Count} means and {norm.Std.Count} stds do not fit {channels} channels (finite means, positive stds)");
        return norm;
    }

    private static PackedStrip Packed(long[] shape, StripFormat format, byte[] data)
    {
        // data is always a fresh array that nothing else holds: wrapped, not copied (one large array less per strip).
        var packed = new PackedStrip { Format = format, Data = Google.Protobuf.UnsafeByteOperations.UnsafeWrap(data) };
        packed.Shape.AddRange(shape);
        return packed;
    }
}

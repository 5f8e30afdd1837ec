using System.Diagnostics;
using Verge.Inference.Planning.InputWise;
using Verge.Net.Hosting;
using Verge.Net.Protos;
using Verge.Net.Stages;

namespace Verge.Net.Tiles;

/// <summary>
/// The device's copy of a block's input map: float values, or, for the chain's first block under 8-bit input
/// (<see cref="TileRunOptions.U8Input"/>), the camera's bytes. Cuts the tile inputs the device computes itself (normalised
/// here) and the strips it sends helpers (8-bit, zero-bitmap or float32), and unpacks what helpers return. The codec's
/// CPU time (normalising, packing, unpacking) runs on this host at full speed: it is held to the device's speed by the
/// runner's one <see cref="TileCodecPacer"/>, as <see cref="ComputePacer"/> holds ONNX Runtime's time.
/// </summary>
internal sealed class TileMapInput
{
    private readonly float[]? _floats;
    private readonly byte[]? _bytes;
    private readonly TileRunOptions _options;
    private readonly TileCodecPacer _codec;

    private TileMapInput(float[]? floats, byte[]? bytes, TileRunOptions options, TileCodecPacer codec) =>
        (_floats, _bytes, _options, _codec) = (floats, bytes, options, codec);

    public static TileMapInput Of(float[] map, TileRunOptions options, TileCodecPacer codec) => new(map, null, options, codec);

    public static TileMapInput Of(byte[] frame, TileRunOptions options, TileCodecPacer codec) =>
        new(null, frame, options.U8Input is null ? throw new InvalidOperationException("an 8-bit frame needs TileRunOptions.U8Input") : options, codec);

    /// <summary>Whether helpers' calls must go as a <see cref="TileExchange"/> (8-bit or packed strips); false: a plain float crop as before.</summary>
    public bool NeedsExchange => _bytes is not null || _options.PackStrips;

    /// <summary>The normalisation helpers need for this map's 8-bit strips; null for a float map.</summary>
    public U8Input? U8 => _bytes is null ? null : TileStripCodec.Wire(_options.U8Input!);

    /// <summary>The tile's float input, for computing it on the device.</summary>
    public float[] Crop(long[] shape, TileRegion region)
    {
        if (_floats is not null) return TileStitching.Crop(_floats, shape, region);
        long start = Stopwatch.GetTimestamp();
        var values = _options.U8Input!.Normalize(TileStitching.Crop(_bytes!, shape, region), shape[1], region.Area);
        Hold(_codec, _options, TileCodecWork.Normalize, values.LongLength, start);
        return values;
    }

    /// <summary>The whole map as floats (tiles the device computes through its local executor).</summary>
    public float[] All(long[] shape)
    {
        if (_floats is not null) return _floats;
        long start = Stopwatch.GetTimestamp();
        var values = _options.U8Input!.Normalize(_bytes, shape[1], shape[2] * shape[3]);
        Hold(_codec, _options, TileCodecWork.Normalize, values.LongLength, start);
        return values;
    }

    /// <summary>A strip of the map for a helper: 8-bit values, or float32 packed when asked and smaller.</summary>
    public TileStrip Strip(string name, long[] shape, TileRegion region)
    {
        var rect = TileExchangeCall.Rect(region);
        var stripShape = TileExecutor.Shape(shape, region);
        if (_bytes is not null) return TileStripCodec.EncodeU8(rect, stripShape, TileStitching.Crop(_bytes, shape, region));
        if (!_options.PackStrips) return TileStripCodec.Encode(rect, name, stripShape, TileStitching.Crop(_floats!, shape, region), pack: false);
        long start = Stopwatch.GetTimestamp();
        var strip = TileStripCodec.Encode(rect, name, stripShape, TileStitching.Crop(_floats!, shape, region), pack: true);
        Hold(_codec, _options, TileCodecWork.Pack, stripShape.Aggregate(1L, (a, d) => a * d), start);
        return strip;
    }

    /// <summary>A helper's returned strip: where it lies and its values; a packed one is unpacked at the device's speed.</summary>
    public static (TileRegion Region, float[] Data) Unpack(TileStrip strip, TileRunOptions options, TileCodecPacer codec)
    {
        long start = Stopwatch.GetTimestamp();
        var (_, data) = TileStripCodec.Decode(strip, null, long.MaxValue);
        if (strip.Packed is not null) Hold(codec, options, TileCodecWork.Unpack, data.LongLength, start);
        var r = strip.Rect;
        return (new TileRegion(new AxisSpan(r.Row, r.Row + r.Rows), new AxisSpan(r.Col, r.Col + r.Cols)), data);
    }

    private static void Hold(TileCodecPacer codec, TileRunOptions options, TileCodecWork work, long values, long start)
    {
        var measured = Stopwatch.GetElapsedTime(start);
        TileCodecPacer.Hold(codec.Charge(work, values, measured, options.DeviceSpeed), measured);
    }
}

using Verge.Inference.Planning.InputWise;
using Verge.Net.Hosting;
using Verge.Net.Protos;

namespace Verge.Net.Tests.Tiles;

/// <summary>A strip's packed bytes are the codec's own, wrapped without a copy, and decode to the same values.</summary>
public sealed class TileStripCodecTests
{
    private static readonly TileRect Rect = new() { Row = 0, Col = 0, Rows = 4, Cols = 8 };

    [Fact]
    public void AZeroBitmapStripCarriesExactlyTheCodecsBytesAndDecodesBitForBit()
    {
        var rng = new Random(3);
        var values = Enumerable.Range(0, 2 * 4 * 8).Select(_ => rng.NextDouble() < 0.5 ? 0f : rng.NextSingle() - 0.25f).ToArray();
        long[] shape = [1, 2, 4, 8];

        var strip = TileStripCodec.Encode(Rect, "map", shape, values, pack: true);

        Assert.Equal(ZeroBitmap.Encode(values), strip.Packed.Data.ToByteArray());
        Assert.Equal(values, TileStripCodec.Decode(strip, null, long.MaxValue).Data);
        // The wire form round-trips to the same message.
        Assert.Equal(strip, TileStrip.Parser.ParseFrom(Google.Protobuf.MessageExtensions.ToByteArray(strip)));
    }

    [Fact]
    public void AnEightBitStripCarriesTheFramesBytes()
    {
        var bytes = Enumerable.Range(0, 3 * 4 * 8).Select(i => (byte)(i * 7)).ToArray();
        var strip = TileStripCodec.EncodeU8(Rect, [1, 3, 4, 8], bytes.ToArray());

        Assert.Equal(bytes, strip.Packed.Data.ToByteArray());
        var (_, data) = TileStripCodec.Decode(strip, TileStripCodec.Wire(ImageNormalization.ImageNet), long.MaxValue);
        Assert.Equal(ImageNormalization.ImageNet.Normalize(bytes, 3, 32), data);
    }
}

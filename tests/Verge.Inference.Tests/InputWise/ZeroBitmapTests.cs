using Verge.Inference.Planning.InputWise;

namespace Verge.Inference.Tests.InputWise;

public sealed class ZeroBitmapTests
{
    private static void RoundTrips(float[] values)
    {
        var data = ZeroBitmap.Encode(values);
        Assert.NotNull(data);
        Assert.True(data.Length < 4 * values.Length);
        var back = ZeroBitmap.Decode(data, values.Length);
        // Bit for bit: −0.0 stays −0.0, a NaN keeps its payload.
        Assert.Equal(values.Select(BitConverter.SingleToInt32Bits), back.Select(BitConverter.SingleToInt32Bits));
    }

    [Fact]
    public void PostReluStripsRoundTripBitForBitWithSpecialValues()
    {
        var values = new float[77];
        values[3] = -0f;
        values[10] = float.NaN;
        values[11] = BitConverter.Int32BitsToSingle(unchecked((int)0xFFC00123));
        values[20] = float.PositiveInfinity;
        values[21] = float.NegativeInfinity;
        values[40] = 1.5e-42f;
        values[76] = 3.25f;
        RoundTrips(values);
        RoundTrips(new float[9]);
        RoundTrips(Enumerable.Range(0, 64).Select(i => i % 3 == 0 ? i * 0.5f : 0f).ToArray());
    }

    [Fact]
    public void AStripWithoutZerosKeepsThePlainForm()
    {
        Assert.Null(ZeroBitmap.Encode(Enumerable.Range(1, 50).Select(i => (float)i).ToArray()));
        // −0.0 is not the codec's zero: it must travel as a value.
        Assert.Null(ZeroBitmap.Encode(Enumerable.Repeat(-0f, 16).ToArray()));
        Assert.Equal(1, ZeroBitmap.Ratio(0));
        Assert.Equal(1.0 / 32, ZeroBitmap.Ratio(1), 12);
    }

    [Fact]
    public void ACorruptOrShortStripIsRefusedWithOneLine()
    {
        var values = new float[20];
        values[2] = 1;
        values[17] = -2;
        var data = ZeroBitmap.Encode(values)!;
        var cases = new List<(byte[] Data, long Count)>
        {
            (data[..2], 20),                               // cut inside the bitmap
            (data[..^1], 20),                              // a value cut short
            ([.. data, 0, 0, 0, 0], 20),                   // a value too many
            (data, 17),                                    // a marked value past the end
            (data, 27),                                    // the bitmap no longer matches the values
        };
        var flipped = (byte[])data.Clone();
        flipped[0] |= 1;                                   // one more value marked than carried
        cases.Add((flipped, 20));
        foreach (var (bytes, count) in cases)
        {
            var error = Assert.Throws<InvalidDataException>(() => ZeroBitmap.Decode(bytes, count));
            Assert.DoesNotContain('\n', error.Message);
            Assert.Contains("strip", error.Message);
        }
    }
}

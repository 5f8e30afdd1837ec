using Grpc.Core;
using Google.Protobuf;
using Verge.Net.Protos;
using Verge.Net.Wire;
using Tensor = Verge.Net.Protos.Tensor;

namespace Verge.Net.Tests;

public sealed class TensorCodecTests
{
    private static float[] Values(int n, int seed = 7)
    {
        var rng = new Random(seed);
        var v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (rng.NextSingle() * 2 - 1) * 3;
        v[0] = 0;
        return v;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Fp32RoundTripIsBitExact(bool lz4)
    {
        var data = Values(1000);
        var back = TensorCodec.Decode(TensorCodec.Encode("a", [10, 100], data, Codec.Fp32, lz4));
        Assert.Equal("a", back.Name);
        Assert.Equal([10L, 100L], back.Shape);
        Assert.Equal(data, back.Data);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Fp16RoundTripIsWithinHalfPrecision(bool lz4)
    {
        var data = Values(1000);
        var back = TensorCodec.Decode(TensorCodec.Encode("a", [1000], data, Codec.Fp16, lz4)).Data;
        for (int i = 0; i < data.Length; i++)
            Assert.True(MathF.Abs(back[i] - data[i]) <= MathF.Abs(data[i]) * (1f / 2048) + 3e-8f, $"element {i}: {data[i]} came back as {back[i]}");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Int8RoundTripIsWithinOneStepAndKeepsZeroExact(bool lz4)
    {
        var data = Values(1000);
        var wire = TensorCodec.Encode("a", [1000], data, Codec.Int8, lz4);
        var back = TensorCodec.Decode(wire).Data;
        Assert.Equal((data.Max() - data.Min()) / 255f, wire.Scale, 1e-6f);
        for (int i = 0; i < data.Length; i++)
            Assert.True(MathF.Abs(back[i] - data[i]) <= wire.Scale * 0.5f + 1e-6f, $"element {i}: {data[i]} came back as {back[i]}");
        Assert.Equal(0f, back[0]);
    }

    [Theory]
    [InlineData(Codec.Fp32, 4000)]
    [InlineData(Codec.Fp16, 2000)]
    [InlineData(Codec.Int8, 1000)]
    public void PayloadHasElementsTimesCodecWidthBytes(Codec codec, int bytes)
    {
        var wire = TensorCodec.Encode("a", [1000], Values(1000), codec, false);
        Assert.Equal(bytes, wire.Payload.Length);
    }

    [Fact]
    public void Lz4ShrinksASparseActivation()
    {
        var data = Values(4096);
        for (int i = 0; i < data.Length; i++) data[i] = MathF.Max(0, data[i] - 2); // mostly zeros, like a ReLU output
        var plain = TensorCodec.Encode("a", [4096], data, Codec.Fp32, false);
        var packed = TensorCodec.Encode("a", [4096], data, Codec.Fp32, true);
        Assert.True(packed.Payload.Length < plain.Payload.Length / 2, $"{packed.Payload.Length} of {plain.Payload.Length} bytes");
        Assert.Equal(data, TensorCodec.Decode(packed).Data);
    }

    [Fact]
    public void RejectsPayloadThatDoesNotMatchTheShape()
    {
        var wire = TensorCodec.Encode("a", [10], Values(10), Codec.Fp32, false);
        wire.Payload = ByteString.CopyFrom(new byte[39]);
        AssertRejected(wire, "payload has 39 bytes but shape [10] in Fp32 needs 40");
    }

    [Fact]
    public void RejectsUnknownCodec()
    {
        var wire = TensorCodec.Encode("a", [10], Values(10), Codec.Fp32, false);
        wire.Codec = (Codec)7;
        AssertRejected(wire, "unknown codec 7");
    }

    [Fact]
    public void RejectsNegativeDimension()
    {
        var wire = TensorCodec.Encode("a", [10], Values(10), Codec.Fp32, false);
        wire.Shape[0] = -10;
        AssertRejected(wire, "dimension -10 is negative");
    }

    [Fact]
    public void RejectsNaNScale()
    {
        var wire = TensorCodec.Encode("a", [10], Values(10), Codec.Int8, false);
        wire.Scale = float.NaN;
        AssertRejected(wire, "INT8 scale NaN must be a finite positive number");
    }

    [Fact]
    public void RejectsHugeShapeAndCorruptLz4()
    {
        var huge = TensorCodec.Encode("a", [10], Values(10), Codec.Fp32, false);
        huge.Shape.Add(1L << 40);
        AssertRejected(huge, "has more than");
        var corrupt = TensorCodec.Encode("a", [10], Values(10), Codec.Fp32, true);
        corrupt.Payload = ByteString.CopyFrom([0xff, 0xff, 0xff]);
        AssertRejected(corrupt, "LZ4 payload of 3 bytes does not decompress to the 40 bytes");
    }

    private static void AssertRejected(Tensor wire, string message)
    {
        var e = Assert.Throws<RpcException>(() => TensorCodec.Decode(wire));
        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Contains("tensor 'a'", e.Status.Detail);
        Assert.Contains(message, e.Status.Detail);
    }
}

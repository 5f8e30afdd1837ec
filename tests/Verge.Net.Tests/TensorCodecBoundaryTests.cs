using Grpc.Core;
using Google.Protobuf;
using Verge.Net.Protos;
using Verge.Net.Wire;
using Tensor = Verge.Net.Protos.Tensor;

namespace Verge.Net.Tests;

/// <summary>
/// The codec at its edges: one-sided and constant tensors, empty ones, and the limits a peer's tensor is checked
/// against. Each case is one that a mutation of <see cref="TensorCodec"/> survived (docs/results/mutation.md):
/// the round-trip tests use data centred on zero, whose INT8 zero point is 0 whatever its sign.
/// </summary>
public sealed class TensorCodecBoundaryTests
{
    [Theory]
    [InlineData(0f, 6f)]    // a ReLU output: zero point -128
    [InlineData(-5f, 0f)]   // all non-positive: zero point 127
    [InlineData(-1f, 9f)]   // lopsided
    public void Int8RoundTripOfAOneSidedRangeIsWithinHalfAStep(float low, float high)
    {
        var rng = new Random(3);
        var data = Enumerable.Range(0, 500).Select(_ => low + (high - low) * rng.NextSingle()).ToArray();
        data[0] = 0;
        var wire = TensorCodec.Encode("a", [500], data, Codec.Int8, false);
        var back = TensorCodec.Decode(wire).Data;
        Assert.Equal((MathF.Max(0, data.Max()) - MathF.Min(0, data.Min())) / 255f, wire.Scale, 1e-6f);
        for (int i = 0; i < data.Length; i++)
            Assert.True(MathF.Abs(back[i] - data[i]) <= wire.Scale * 0.5f + 1e-5f, $"element {i}: {data[i]} came back as {back[i]}");
        Assert.Equal(0f, back[0]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AllZerosAndEmptyTensorsRoundTripInEveryCodec(bool lz4)
    {
        foreach (var codec in new[] { Codec.Fp32, Codec.Fp16, Codec.Int8 })
        {
            var zeros = TensorCodec.Decode(TensorCodec.Encode("a", [2, 3], new float[6], codec, lz4));
            Assert.Equal(new float[6], zeros.Data);
            var empty = TensorCodec.Decode(TensorCodec.Encode("a", [4, 0], [], codec, lz4));
            Assert.Equal([4L, 0L], empty.Shape);
            Assert.Empty(empty.Data);
        }
    }

    [Theory]
    [InlineData(127, null)]
    [InlineData(-128, null)]
    [InlineData(128, "INT8 zero point 128 is outside [-128, 127]")]
    [InlineData(-129, "INT8 zero point -129 is outside [-128, 127]")]
    public void Int8ZeroPointMustFitASignedByte(int zeroPoint, string? error)
    {
        var wire = TensorCodec.Encode("a", [10], new float[10], Codec.Int8, false);
        wire.ZeroPoint = zeroPoint;
        if (error is null) Assert.Equal(10, TensorCodec.Decode(wire).Data.Length);
        else AssertRejected(wire, error);
    }

    [Fact]
    public void Int8ScaleOfZeroIsRejected()
    {
        var wire = TensorCodec.Encode("a", [10], new float[10], Codec.Int8, false);
        wire.Scale = 0;
        AssertRejected(wire, "INT8 scale 0 must be a finite positive number");
    }

    [Fact]
    public void AShapeOfExactlyTheLargestSizeIsCheckedAgainstItsPayloadNotRefused()
    {
        const long side = 1L << 14; // side² = MaxElements
        var largest = new Tensor { Name = "a", Dtype = 1, Codec = Codec.Int8, Scale = 1, Payload = ByteString.Empty };
        largest.Shape.Add([side, side]);
        AssertRejected(largest, $"payload has 0 bytes but shape [{side},{side}] in Int8 needs {TensorCodec.MaxElements}");
        largest.Shape[1] = side + 1;
        AssertRejected(largest, $"has more than {TensorCodec.MaxElements} elements");
    }

    private static void AssertRejected(Tensor wire, string message)
    {
        var e = Assert.Throws<RpcException>(() => TensorCodec.Decode(wire));
        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Contains(message, e.Status.Detail);
    }
}

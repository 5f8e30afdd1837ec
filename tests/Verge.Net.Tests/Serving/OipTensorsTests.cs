using Verge.Inference.Graph;
using Verge.Inference.Serving.Api;
using Verge.Net.Serving;

namespace Verge.Net.Tests.Serving;

/// <summary>The transport-free packing both protocol forms share: datatypes, counts, ranges, and values back out.</summary>
public sealed class OipTensorsTests
{
    private static NamedTensor Pack(string datatype, long[] values, long[]? shape = null) =>
        OipTensors.FromValues("t", datatype, shape ?? [values.Length], values.Length, i => values[i], i => values[i]);

    [Theory]
    [InlineData("UINT8", ElementType.UInt8)]
    [InlineData("INT8", ElementType.Int8)]
    [InlineData("INT16", ElementType.Int16)]
    [InlineData("UINT32", ElementType.UInt32)]
    [InlineData("INT32", ElementType.Int32)]
    [InlineData("INT64", ElementType.Int64)]
    [InlineData("BOOL", ElementType.Bool)]
    public void IntegersRoundTripThroughRawBytes(string datatype, int type)
    {
        long[] values = datatype == "BOOL" ? [1, 0, 1] : [0, 1, 100];
        var t = Pack(datatype, values);
        Assert.Equal(type, t.ElementType);
        Assert.Equal(values.Length * ElementType.Size(type), t.Data.Length);
        Assert.Equal(values, Enumerable.Range(0, values.Length).Select(i => OipTensors.Integer(t, i)));
        Assert.Equal(datatype, OipDatatype.Name(type));
    }

    [Fact]
    public void RealsRoundTripAtTheirPrecision()
    {
        var fp64 = OipTensors.FromValues("t", "FP64", [2], 2, _ => 0, i => i == 0 ? 0.1 : -2.5);
        Assert.Equal([0.1, -2.5], new[] { OipTensors.Real(fp64, 0), OipTensors.Real(fp64, 1) });
        var fp32 = OipTensors.FromValues("t", "FP32", [1], 1, _ => 0, _ => 0.1);
        Assert.Equal(0.1f, fp32.ToFloats()[0]);
        var fp16 = OipTensors.FromValues("t", "FP16", [1], 1, _ => 0, _ => 1.5);
        Assert.Equal(1.5, OipTensors.Real(fp16, 0));
    }

    [Fact]
    public void OutOfRangeCountsAndShapesAreRefusedNamingTheInput()
    {
        var range = Assert.Throws<ServingException>(() => Pack("UINT8", [3, 300]));
        Assert.Equal((ServingError.InvalidInput, "input 't': value 1 does not fit UINT8; send values in the datatype's range"), (range.Error, range.Message));
        var count = Assert.Throws<ServingException>(() => Pack("INT32", [1, 2, 3], [2, 2]));
        Assert.Equal("input 't': shape [2,2] needs 4 values, got 3", count.Message);
        var negative = Assert.Throws<ServingException>(() => Pack("INT32", [1], [-1]));
        Assert.Contains("negative dimension", negative.Message);
        var bytes = Assert.Throws<ServingException>(() => OipTensors.FromRaw("t", "INT64", [2], new byte[12]));
        Assert.Equal("input 't': raw contents of shape [2] INT64 need 16 bytes, got 12", bytes.Message);
        Assert.Contains("BYTES", Assert.Throws<ServingException>(() => Pack("BYTES", [1])).Message);
    }

    [Fact]
    public void AShapeWhoseProductOverflowsIsAnInvalidInputNotAnInternalError()
    {
        // Found by the wire fuzzer (issue 17): a dimension of 2^63−1 overflowed the element count (UNKNOWN, HTTP 500).
        var e = Assert.Throws<ServingException>(() => OipTensors.FromRaw("t", "FP32", [1, long.MaxValue, 28], new byte[4]));
        Assert.Equal(ServingError.InvalidInput, e.Error);
        Assert.Contains("more elements than any tensor can", e.Message);
    }
}

using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;
using Verge.Core.Errors;
using Verge.Inference.Graph;

namespace Verge.Inference.Compression.Int8;

/// <summary>Reading float initializers and writing the small typed tensors a QDQ model needs.</summary>
internal static class OnnxTensors
{
    public static bool IsFloat(TensorProto t) => t.DataType == ElementType.Float;

    public static float[] ReadFloats(TensorProto t, string source)
    {
        if (t.DataLocation == TensorProto.Types.DataLocation.External)
            throw new InputException($"'{source}' keeps weight '{t.Name}' in an external data file; int8 quantization needs weights inside the .onnx file (re-save the model without external data)");
        if (!t.RawData.IsEmpty) return MemoryMarshal.Cast<byte, float>(t.RawData.Span).ToArray();
        return t.FloatData.ToArray();
    }

    public static long Elements(TensorProto t) => t.Dims.Aggregate(1L, (a, d) => a * d);

    public static TensorProto Floats(string name, long[] dims, float[] values) => Raw(name, ElementType.Float, dims, MemoryMarshal.AsBytes(values.AsSpan()));

    public static TensorProto Int32s(string name, long[] dims, int[] values) => Raw(name, ElementType.Int32, dims, MemoryMarshal.AsBytes(values.AsSpan()));

    public static TensorProto Int64s(string name, long[] dims, long[] values) => Raw(name, ElementType.Int64, dims, MemoryMarshal.AsBytes(values.AsSpan()));

    public static TensorProto Int8s(string name, long[] dims, sbyte[] values) => Raw(name, ElementType.Int8, dims, MemoryMarshal.AsBytes(values.AsSpan()));

    /// <summary>8-bit zero points: int8 or uint8, each value already in the type's range.</summary>
    public static TensorProto ZeroPoints(string name, long[] dims, int[] values, ActivationType type)
    {
        var bytes = new byte[values.Length];
        for (int i = 0; i < values.Length; i++) bytes[i] = unchecked((byte)values[i]);
        return Raw(name, type == ActivationType.UInt8 ? ElementType.UInt8 : ElementType.Int8, dims, bytes);
    }

    private static TensorProto Raw(string name, int type, long[] dims, ReadOnlySpan<byte> bytes)
    {
        var t = new TensorProto { Name = name, DataType = type, RawData = ByteString.CopyFrom(bytes) };
        t.Dims.AddRange(dims);
        return t;
    }

    public static NodeProto Node(string op, string name, IEnumerable<string> inputs, string output, long? axis = null)
    {
        var n = new NodeProto { OpType = op, Name = name };
        n.Input.AddRange(inputs);
        n.Output.Add(output);
        if (axis is { } a) n.Attribute.Add(new AttributeProto { Name = "axis", Type = AttributeProto.Types.AttributeType.Int, I = a });
        return n;
    }

    public static AttributeProto? Attribute(NodeProto n, string name) => n.Attribute.FirstOrDefault(a => a.Name == name);

    public static long Int(NodeProto n, string name, long fallback) => Attribute(n, name) is { } a ? a.I : fallback;

    public static float Float(NodeProto n, string name, float fallback) => Attribute(n, name) is { } a ? a.F : fallback;
}

using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;

namespace Verge.Inference.Graph.Building;

/// <summary>
/// The small protobuf pieces every ONNX writer needs: typed initializers, attributes, value infos and nodes.
/// <see cref="OnnxBuilder"/> builds whole graphs from them; rewrite passes (QDQ, batch-norm folding, opset upgrade)
/// use them to patch existing graphs.
/// </summary>
public static class OnnxProtos
{
    public static TensorProto Floats(string name, long[] dims, ReadOnlySpan<float> values) => Raw(name, ElementType.Float, dims, MemoryMarshal.AsBytes(values));

    public static TensorProto Int32s(string name, long[] dims, ReadOnlySpan<int> values) => Raw(name, ElementType.Int32, dims, MemoryMarshal.AsBytes(values));

    public static TensorProto Int64s(string name, long[] dims, ReadOnlySpan<long> values) => Raw(name, ElementType.Int64, dims, MemoryMarshal.AsBytes(values));

    public static TensorProto Int8s(string name, long[] dims, ReadOnlySpan<sbyte> values) => Raw(name, ElementType.Int8, dims, MemoryMarshal.AsBytes(values));

    /// <summary>An initializer of any element type from its little-endian bytes.</summary>
    public static TensorProto Raw(string name, int elementType, long[] dims, ReadOnlySpan<byte> bytes)
    {
        var t = new TensorProto { Name = name, DataType = elementType, RawData = ByteString.CopyFrom(bytes) };
        t.Dims.AddRange(dims);
        return t;
    }

    /// <summary>A float tensor's name, type and static shape.</summary>
    public static ValueInfoProto FloatValue(string name, IEnumerable<long> shape) => Value(name, ElementType.Float, shape);

    /// <summary>A tensor's name, element type (<see cref="ElementType"/>) and static shape.</summary>
    public static ValueInfoProto Value(string name, int elementType, IEnumerable<long> shape)
    {
        var s = new TensorShapeProto();
        foreach (var d in shape) s.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = elementType, Shape = s } },
        };
    }

    public static NodeProto Node(string opType, string name, IEnumerable<string> inputs, IEnumerable<string> outputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { Name = name, OpType = opType };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        node.Attribute.AddRange(attributes);
        return node;
    }

    public static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Float(string name, float value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    public static AttributeProto Ints(string name, params long[] values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        a.Ints.AddRange(values);
        return a;
    }

    public static AttributeProto String(string name, string value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) };
}

using System.Runtime.InteropServices;
using Onnx;
using Verge.Core.Errors;

namespace Verge.Inference.Graph.Passes;

/// <summary>Reading what rewrite passes need from an existing graph: float initializers and node attributes.</summary>
public static class ProtoValues
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

    public static AttributeProto? Attribute(NodeProto n, string name) => n.Attribute.FirstOrDefault(a => a.Name == name);

    public static long Int(NodeProto n, string name, long fallback) => Attribute(n, name) is { } a ? a.I : fallback;

    public static float Float(NodeProto n, string name, float fallback) => Attribute(n, name) is { } a ? a.F : fallback;
}

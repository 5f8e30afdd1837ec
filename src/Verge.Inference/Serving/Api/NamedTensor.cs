namespace Verge.Inference.Serving.Api;

/// <summary>
/// A tensor as the Open Inference Protocol carries it: a name, an ONNX element type (<see cref="Graph.ElementType"/>),
/// a shape, and the elements as raw little-endian bytes in row-major order (the protocol's raw contents).
/// </summary>
public sealed record NamedTensor(string Name, int ElementType, long[] Shape, ReadOnlyMemory<byte> Data)
{
    public static NamedTensor FromFloats(string name, long[] shape, float[] values) =>
        new(name, Graph.ElementType.Float, shape, System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()).ToArray());

    public float[] ToFloats() => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(Data.Span).ToArray();

    public string ShapeText => "[" + string.Join(',', Shape) + "]";
}

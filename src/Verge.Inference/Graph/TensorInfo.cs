namespace Verge.Inference.Graph;

/// <summary>A named tensor of a graph: element type and shape (-1 where a dimension is not known).</summary>
public sealed record TensorInfo(string Name, int ElementType, long[] Shape)
{
    public string TypeName => Graph.ElementType.Name(ElementType);

    public bool IsStatic => Shape.All(d => d >= 0);

    /// <summary>Element count, or -1 if the shape is not static.</summary>
    public long Elements => IsStatic ? Shape.Aggregate(1L, (a, d) => a * d) : -1;

    /// <summary>Size in bytes, or -1 if the shape is not static or the type has no fixed size.</summary>
    public long Bytes => IsStatic && Graph.ElementType.Size(ElementType) > 0 ? Elements * Graph.ElementType.Size(ElementType) : -1;

    public string ShapeText => Shape.Length == 0 ? "scalar" : string.Join('×', Shape.Select(d => d < 0 ? "?" : d.ToString()));
}

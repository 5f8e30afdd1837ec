namespace Verge.Inference.Graph.Building;

/// <summary>A float tensor of a graph under construction by <see cref="OnnxBuilder"/>: its name and static shape.</summary>
public sealed record TensorRef(string Name, long[] Shape)
{
    public int Rank => Shape.Length;

    /// <summary>Size of dimension <paramref name="axis"/>; negative axes count from the end.</summary>
    public long this[int axis] => Shape[axis < 0 ? Shape.Length + axis : axis];

    public long Elements => Shape.Aggregate(1L, (a, d) => a * d);

    public override string ToString() => $"{Name} [{string.Join('×', Shape)}]";
}

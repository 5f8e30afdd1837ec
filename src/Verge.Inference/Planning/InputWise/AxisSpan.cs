namespace Verge.Inference.Planning.InputWise;

/// <summary>A half-open range [Start, End) of rows or columns of a feature map.</summary>
public readonly record struct AxisSpan(long Start, long End)
{
    public long Length => End - Start;

    public AxisSpan Union(AxisSpan other) => new(Math.Min(Start, other.Start), Math.Max(End, other.End));

    public bool Contains(AxisSpan other) => Start <= other.Start && other.End <= End;

    public override string ToString() => $"[{Start},{End})";
}

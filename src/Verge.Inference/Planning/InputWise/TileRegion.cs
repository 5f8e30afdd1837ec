namespace Verge.Inference.Planning.InputWise;

/// <summary>A rectangle of a feature map (NCHW): rows on axis 2, columns on axis 3.</summary>
public sealed record TileRegion(AxisSpan Rows, AxisSpan Cols)
{
    public long Area => Rows.Length * Cols.Length;

    public TileRegion Union(TileRegion other) => new(Rows.Union(other.Rows), Cols.Union(other.Cols));

    public bool Contains(TileRegion other) => Rows.Contains(other.Rows) && Cols.Contains(other.Cols);

    public override string ToString() => $"rows {Rows} cols {Cols}";
}

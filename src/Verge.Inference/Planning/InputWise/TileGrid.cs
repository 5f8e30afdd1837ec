using Verge.Core.Errors;

namespace Verge.Inference.Planning.InputWise;

/// <summary>An N×M grid over a feature map: rows and columns split as evenly as whole rows allow.</summary>
public sealed record TileGrid(int Rows, int Cols)
{
    public int Count => Rows * Cols;

    /// <summary>Parses "3x3" (rows x columns).</summary>
    public static TileGrid Parse(string text)
    {
        var parts = text.ToLowerInvariant().Split('x');
        if (parts.Length == 2 && int.TryParse(parts[0], out var r) && int.TryParse(parts[1], out var c) && r is >= 1 and <= 64 && c is >= 1 and <= 64)
            return new TileGrid(r, c);
        throw new UsageException($"grid '{text}' is not ROWSxCOLS with 1 to 64 each; write e.g. 3x3");
    }

    /// <summary>The tiles of a map of <paramref name="height"/>×<paramref name="width"/>, row by row.</summary>
    public IReadOnlyList<TileRegion> Split(long height, long width)
    {
        if (height < Rows || width < Cols)
            throw new InputException($"a {this} grid does not fit a {height}×{width} feature map; use a smaller grid or end the fused block earlier");
        var tiles = new List<TileRegion>(Count);
        for (int r = 0; r < Rows; r++)
            for (int c = 0; c < Cols; c++)
                tiles.Add(new TileRegion(new AxisSpan(height * r / Rows, height * (r + 1) / Rows), new AxisSpan(width * c / Cols, width * (c + 1) / Cols)));
        return tiles;
    }

    public override string ToString() => $"{Rows}x{Cols}";
}

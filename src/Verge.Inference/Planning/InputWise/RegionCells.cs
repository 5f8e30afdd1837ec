namespace Verge.Inference.Planning.InputWise;

/// <summary>
/// Rectangle arithmetic for halo exchange: the part of one region that a set of rectangles covers (or leaves out),
/// as disjoint rectangles. The region is cut at every edge of the rectangles into cells; kept cells are merged
/// along rows, then equal rows downwards, so a halo ring comes out as a few strips.
/// </summary>
public static class RegionCells
{
    /// <summary>The part of <paramref name="area"/> that none of <paramref name="rects"/> covers.</summary>
    public static IReadOnlyList<TileRegion> Subtract(TileRegion area, IReadOnlyList<TileRegion> rects) => Cells(area, rects, keepCovered: false);

    /// <summary>The part of <paramref name="area"/> that at least one of <paramref name="rects"/> covers.</summary>
    public static IReadOnlyList<TileRegion> Intersect(TileRegion area, IReadOnlyList<TileRegion> rects) => Cells(area, rects, keepCovered: true);

    public static TileRegion? Overlap(TileRegion a, TileRegion b)
    {
        long r0 = Math.Max(a.Rows.Start, b.Rows.Start), r1 = Math.Min(a.Rows.End, b.Rows.End);
        long c0 = Math.Max(a.Cols.Start, b.Cols.Start), c1 = Math.Min(a.Cols.End, b.Cols.End);
        return r0 < r1 && c0 < c1 ? new TileRegion(new AxisSpan(r0, r1), new AxisSpan(c0, c1)) : null;
    }

    public static long Area(IReadOnlyList<TileRegion> rects) => rects.Sum(r => r.Area);

    private static IReadOnlyList<TileRegion> Cells(TileRegion area, IReadOnlyList<TileRegion> rects, bool keepCovered)
    {
        var clipped = rects.Select(r => Overlap(area, r)).OfType<TileRegion>().ToList();
        if (clipped.Count == 0) return keepCovered ? [] : [area];
        var rows = Cuts(area.Rows, clipped.Select(r => r.Rows));
        var cols = Cuts(area.Cols, clipped.Select(r => r.Cols));
        var result = new List<TileRegion>();
        var open = new List<TileRegion>();
        for (int i = 0; i + 1 < rows.Count; i++)
        {
            var band = new AxisSpan(rows[i], rows[i + 1]);
            var spans = new List<AxisSpan>();
            for (int j = 0; j + 1 < cols.Count; j++)
            {
                var span = new AxisSpan(cols[j], cols[j + 1]);
                var cell = new TileRegion(band, span);
                if (clipped.Any(r => r.Contains(cell)) != keepCovered) continue;
                if (spans.Count > 0 && spans[^1].End == span.Start) spans[^1] = new AxisSpan(spans[^1].Start, span.End);
                else spans.Add(span);
            }
            // A strip whose columns match the one above grows down; the others close.
            var next = new List<TileRegion>();
            foreach (var span in spans)
            {
                int above = open.FindIndex(o => o.Cols == span && o.Rows.End == band.Start);
                if (above >= 0) { next.Add(new TileRegion(new AxisSpan(open[above].Rows.Start, band.End), span)); open.RemoveAt(above); }
                else next.Add(new TileRegion(band, span));
            }
            result.AddRange(open);
            open = next;
        }
        result.AddRange(open);
        return result;
    }

    private static List<long> Cuts(AxisSpan span, IEnumerable<AxisSpan> spans) =>
        spans.SelectMany(s => new[] { s.Start, s.End }).Append(span.Start).Append(span.End).Distinct().Order().ToList();
}

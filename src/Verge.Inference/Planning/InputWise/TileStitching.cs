namespace Verge.Inference.Planning.InputWise;

/// <summary>The device's two chores around the tiles: cutting each tile's input out of the image, and placing each tile's output into the block's feature map (NCHW, float).</summary>
public static class TileStitching
{
    public static float[] Crop(ReadOnlySpan<float> map, long[] shape, TileRegion region)
    {
        long planes = shape[0] * shape[1], height = shape[2], width = shape[3];
        var tile = new float[planes * region.Area];
        int at = 0;
        for (long p = 0; p < planes; p++)
            for (long r = region.Rows.Start; r < region.Rows.End; r++)
            {
                map.Slice((int)((p * height + r) * width + region.Cols.Start), (int)region.Cols.Length).CopyTo(tile.AsSpan(at));
                at += (int)region.Cols.Length;
            }
        return tile;
    }

    /// <summary>The same cut out of an 8-bit map (a camera frame held as bytes).</summary>
    public static byte[] Crop(ReadOnlySpan<byte> map, long[] shape, TileRegion region)
    {
        long planes = shape[0] * shape[1], height = shape[2], width = shape[3];
        var tile = new byte[planes * region.Area];
        int at = 0;
        for (long p = 0; p < planes; p++)
            for (long r = region.Rows.Start; r < region.Rows.End; r++)
            {
                map.Slice((int)((p * height + r) * width + region.Cols.Start), (int)region.Cols.Length).CopyTo(tile.AsSpan(at));
                at += (int)region.Cols.Length;
            }
        return tile;
    }

    public static void Place(Span<float> map, long[] shape, TileRegion region, ReadOnlySpan<float> tile)
    {
        long planes = shape[0] * shape[1], height = shape[2], width = shape[3];
        if (tile.Length != planes * region.Area)
            throw new ArgumentException($"a tile of {tile.Length} values does not fill {region} of {planes} planes", nameof(tile));
        int at = 0;
        for (long p = 0; p < planes; p++)
            for (long r = region.Rows.Start; r < region.Rows.End; r++)
            {
                tile.Slice(at, (int)region.Cols.Length).CopyTo(map.Slice((int)((p * height + r) * width + region.Cols.Start)));
                at += (int)region.Cols.Length;
            }
    }
}

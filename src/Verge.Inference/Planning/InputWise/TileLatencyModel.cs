namespace Verge.Inference.Planning.InputWise;

/// <summary>
/// Predicts one frame of Fused Tile Partitioning by replaying the runner's schedule (DeepThings' work stealing,
/// Zhao et al., TCAD 2018, §V): tiles leave in order over the device's radio, each to the worker that is free first;
/// a helper's tile crosses the radio up (its input region with halo), computes for its share of the block (by MACs, or as measured: <see cref="TileTiming.TileShares"/>),
/// and comes back (its output region) before that helper takes the next; the device, when it works too, computes
/// its tiles with no transfer, and takes a tile first when it is free as early as a helper (it holds the queue). The rest
/// of the model follows on the device.
/// </summary>
public static class TileLatencyModel
{
    public static TilePrediction Predict(FusedBlock block, IReadOnlyList<TileShape> tiles, TileTiming timing)
    {
        var replay = new RadioReplay(timing);
        int helpers = replay.Helpers;
        double inPixel = block.InputInfo.Shape[0] * block.InputInfo.Shape[1] * timing.InBytesPerValue, outPixel = block.OutputInfo.Shape[0] * block.OutputInfo.Shape[1] * timing.OutBytesPerValue;
        double blockMacs = Math.Max(1, TileShapes.BlockMacs(block));
        var free = replay.Free;
        for (int k = 0; k < tiles.Count; k++)
        {
            var tile = tiles[k];
            int w = Array.IndexOf(free, free.Min());
            if (replay.Workers > helpers && free[helpers] <= free[w]) w = helpers;
            replay.Run(w, timing.Share(k, tile, blockMacs), (long)Math.Round(tile.Input.Area * inPixel), (long)Math.Round(tile.Output.Area * outPixel));
        }
        return replay.Result(timing.RestMs);
    }
}

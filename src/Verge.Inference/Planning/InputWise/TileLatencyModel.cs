namespace Verge.Inference.Planning.InputWise;

/// <summary>
/// Predicts one frame of Fused Tile Partitioning by replaying the runner's schedule (DeepThings' work stealing,
/// Zhao et al., TCAD 2018, §V): tiles leave in order over the device's radio, each to the worker that is free first;
/// a helper's tile crosses the radio up (its input region with halo), computes for its share of the block by MACs,
/// and comes back (its output region) before that helper takes the next; the device, when it works too, computes
/// its tiles with no transfer, and takes a tile first when it is free as early as a helper (it holds the queue). The rest
/// of the model follows on the device.
/// </summary>
public static class TileLatencyModel
{
    public static TilePrediction Predict(FusedBlock block, IReadOnlyList<TileShape> tiles, TileTiming timing)
    {
        int helpers = timing.HelperBlockMs.Count;
        int workers = helpers + (timing.DeviceBlockMs is null ? 0 : 1);
        if (workers == 0) throw new ArgumentException("the latency model needs at least one worker", nameof(timing));
        long inPixel = block.InputInfo.Shape[0] * block.InputInfo.Shape[1] * 4, outPixel = block.OutputInfo.Shape[0] * block.OutputInfo.Shape[1] * 4;
        double blockMacs = Math.Max(1, TileShapes.BlockMacs(block)), halfRtt = timing.RttMs / 2;
        var free = new double[workers];
        var computeMs = new double[workers];
        var count = new int[workers];
        var sent = new long[helpers];
        var back = new long[helpers];
        double upFree = 0, downFree = 0, radioMs = 0;
        foreach (var tile in tiles)
        {
            int w = Array.IndexOf(free, free.Min());
            if (workers > helpers && free[helpers] <= free[w]) w = helpers;
            double share = tile.Macs / blockMacs;
            count[w]++;
            if (w == helpers)
            {
                double local = timing.DeviceBlockMs!.Value * share;
                free[w] += local;
                computeMs[w] += local;
                continue;
            }
            long inBytes = tile.Input.Area * inPixel, outBytes = tile.Output.Area * outPixel;
            double up = timing.Radio.TransferMs(inBytes) + timing.Message.Ms(inBytes);
            double down = timing.Radio.TransferMs(outBytes) + timing.Message.Ms(outBytes);
            double compute = timing.HelperBlockMs[w] * share;
            upFree = Math.Max(upFree, free[w]) + up;
            downFree = Math.Max(downFree, upFree + halfRtt + compute) + down;
            free[w] = downFree + halfRtt;
            computeMs[w] += compute;
            sent[w] += inBytes;
            back[w] += outBytes;
            radioMs += up + down;
        }
        return new TilePrediction(free.Max() + timing.RestMs, count, computeMs, sent, back, radioMs);
    }
}

namespace Verge.Inference.Planning.InputWise;

/// <summary>
/// Predicts one block of a halo-exchange chain (<see cref="HaloSchedule"/>) by replaying the runner's schedule: each
/// worker takes its own tiles in order (no stealing: a worker keeps its band); a helper's tile crosses the shared radio
/// up as only the strips it lacks, computes its share of the block by MACs, and comes back as only the strips other
/// workers read next (the whole output after the last block). The device's own tiles cost no transfer. Like
/// <see cref="TileLatencyModel"/>, the block's phase starts when the block before it has fully returned.
/// </summary>
public static class HaloLatencyModel
{
    /// <summary>Block <paramref name="b"/> of <paramref name="schedule"/>: <paramref name="block"/>'s tiles under <paramref name="timing"/> (its rest not added).</summary>
    public static TilePrediction Predict(HaloSchedule schedule, int b, FusedBlock block, IReadOnlyList<TileShape> tiles, TileTiming timing)
    {
        var plan = schedule.Blocks[b];
        int helpers = timing.HelperBlockMs.Count;
        int workers = helpers + (timing.DeviceBlockMs is null ? 0 : 1);
        long inPixel = block.InputInfo.Shape[0] * block.InputInfo.Shape[1] * 4, outPixel = block.OutputInfo.Shape[0] * block.OutputInfo.Shape[1] * 4;
        double blockMacs = Math.Max(1, TileShapes.BlockMacs(block)), halfRtt = timing.RttMs / 2;
        var free = new double[workers];
        var computeMs = new double[workers];
        var count = new int[workers];
        var sent = new long[helpers];
        var back = new long[helpers];
        var queues = Enumerable.Range(0, workers).Select(_ => new Queue<int>()).ToArray();
        for (int k = 0; k < plan.Count; k++) queues[plan[k].Worker == HaloTile.OnDevice ? helpers : plan[k].Worker].Enqueue(k);
        double upFree = 0, downFree = 0, radioMs = 0;
        while (true)
        {
            // The worker that is free first sends next (the runner's workers run side by side).
            int w = -1;
            for (int i = 0; i < workers; i++)
                if (queues[i].Count > 0 && (w < 0 || free[i] < free[w])) w = i;
            if (w < 0) break;
            int k = queues[w].Dequeue();
            var tile = plan[k];
            double share = tiles[k].Macs / blockMacs;
            count[w]++;
            if (w == helpers)
            {
                double local = timing.DeviceBlockMs!.Value * share;
                free[w] += local;
                computeMs[w] += local;
                continue;
            }
            long inBytes = RegionCells.Area(tile.Strips) * inPixel;
            long outBytes = (tile.FullBack ? tiles[k].Output.Area : RegionCells.Area(tile.SendBack)) * outPixel;
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
        return new TilePrediction(free.Max(), count, computeMs, sent, back, radioMs);
    }
}

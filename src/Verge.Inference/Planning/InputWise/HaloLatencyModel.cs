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
        var replay = new RadioReplay(timing);
        int helpers = replay.Helpers, workers = replay.Workers;
        double inPixel = block.InputInfo.Shape[0] * block.InputInfo.Shape[1] * timing.InBytesPerValue, outPixel = block.OutputInfo.Shape[0] * block.OutputInfo.Shape[1] * timing.OutBytesPerValue;
        double blockMacs = Math.Max(1, TileShapes.BlockMacs(block));
        var free = replay.Free;
        var queues = Enumerable.Range(0, workers).Select(_ => new Queue<int>()).ToArray();
        for (int k = 0; k < plan.Count; k++) queues[plan[k].Worker == HaloTile.OnDevice ? helpers : plan[k].Worker].Enqueue(k);
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
            if (w == helpers)
            {
                replay.Run(w, share, 0, 0);
                continue;
            }
            long inBytes = (long)Math.Round(RegionCells.Area(tile.Strips) * inPixel);
            long outBytes = (long)Math.Round((tile.FullBack ? tiles[k].Output.Area : RegionCells.Area(tile.SendBack)) * outPixel);
            replay.Run(w, share, inBytes, outBytes);
        }
        return replay.Result(0);
    }
}

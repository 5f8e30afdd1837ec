namespace Verge.Inference.Planning.InputWise;

/// <summary>
/// Predicts one block of a halo-exchange chain (<see cref="HaloSchedule"/>) by replaying the runner's schedule: each
/// worker takes its own tiles in order (no stealing: a worker keeps its band); a helper's tile crosses the shared radio
/// up as only the strips it lacks, computes its share of the block (by MACs, or as measured: <see cref="TileTiming.TileShares"/>), and comes back as only the strips other
/// workers read next (the whole output after the last block). The device's own tiles cost no transfer. Like
/// <see cref="TileLatencyModel"/>, the block's phase starts when the block before it has fully returned. Under
/// <see cref="TileTiming.CodecMsPerValue"/> every value that crosses costs codec time on both sides (<see cref="RadioReplay.Run"/>).
/// </summary>
public static class HaloLatencyModel
{
    /// <summary>Block <paramref name="b"/> of <paramref name="schedule"/>: <paramref name="block"/>'s tiles under <paramref name="timing"/> (its rest not added).</summary>
    public static TilePrediction Predict(HaloSchedule schedule, int b, FusedBlock block, IReadOnlyList<TileShape> tiles, TileTiming timing)
    {
        var plan = schedule.Blocks[b];
        var replay = new RadioReplay(timing);
        int helpers = replay.Helpers, workers = replay.Workers;
        long inPlanes = block.InputInfo.Shape[0] * block.InputInfo.Shape[1], outPlanes = block.OutputInfo.Shape[0] * block.OutputInfo.Shape[1];
        double inPixel = inPlanes * timing.InBytesPerValue, outPixel = outPlanes * timing.OutBytesPerValue;
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
            double share = timing.Share(k, tiles[k], blockMacs);
            if (w == helpers)
            {
                replay.Run(w, share, 0, 0);
                continue;
            }
            long inArea = RegionCells.Area(tile.Strips), outArea = tile.FullBack ? tiles[k].Output.Area : RegionCells.Area(tile.SendBack);
            replay.Run(w, share, (long)Math.Round(inArea * inPixel), (long)Math.Round(outArea * outPixel), inArea * inPlanes, outArea * outPlanes);
        }
        return replay.Result(0);
    }
}

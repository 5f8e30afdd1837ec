using System.Diagnostics;
using Verge.Core.Statistics;
using Verge.Inference.Planning.InputWise;
using Verge.Net.Stages;
using Verge.Net.Wire;

namespace Verge.Net.Tiles;

/// <summary>
/// Each tile's typical run time on this host (<see cref="ComputePacer"/>'s t at speed 1), timed once by the device for
/// every node that will run the tile, so emulated nodes of one speed take the same time for the same tile, as a
/// deployment's nodes are paced by one profile (<see cref="StageModel.Typical"/>). Timed by each node at its own load
/// instead, the same tile was paced up to 3× longer on one node than on another (whatever else ran while that node
/// warmed up), and a block waits for its slowest worker. The rule is <see cref="StageSession"/>'s warm-up (the median of
/// up to 20 runs, at least 3, 300 ms per stage), with the tiles timed in turn, round after round, so a burst of load
/// on the host lands in one run of every tile rather than in all runs of one; tiles of one block with the same window
/// and the same MACs (a 2×2 grid's four corners) do the same work, so they share one figure, the median of all their runs.
/// Pending garbage is collected before the rounds, so a background collection of earlier work does not land in them.
/// </summary>
internal static class TileTypicalTimes
{
    private const int MaxRounds = 20, MinRounds = 3;
    private static readonly TimeSpan BudgetPerTile = TimeSpan.FromMilliseconds(300);

    /// <summary>Per block, per tile index: the median of the tile's timed runs here; null when the device is not emulated slower than this host.</summary>
    public static TimeSpan?[][]? Measure(IReadOnlyList<FusedTilePlan> plans, TileRunOptions options) => Measure(plans, options, null)?.Tiles;

    /// <summary>
    /// The tiles' times, and <paramref name="whole"/>'s (a model the tiles are compared with, typically the whole model
    /// on one node) timed in the same rounds, so both come from one sitting of the host: a run that compares the two
    /// compares one profile, not two taken minutes apart. Null when the device is not emulated slower than this host.
    /// </summary>
    public static Sitting? Measure(IReadOnlyList<FusedTilePlan> plans, TileRunOptions options, (byte[] Model, FloatTensor Input)? whole)
    {
        if (!new ComputePacer(options.DeviceSpeed).Emulates) return null;
        var tiles = plans.SelectMany((p, b) => p.Tiles.Select(t => (Plan: p, Block: b, Tile: t))).ToList();
        var sessions = new List<StageSession>(tiles.Count + 1);
        try
        {
            // Speed 1: the sessions run as they are (no pacing, no warm-up of their own).
            foreach (var (plan, _, tile) in tiles)
                sessions.Add(new StageSession(Google.Protobuf.MessageExtensions.ToByteArray(tile.Model), [plan.Block.Input], [plan.Block.Output], options.Threads));
            var inputs = tiles.Select(t =>
            {
                var shape = TileExecutor.Shape(t.Plan.Block.InputInfo.Shape, t.Tile.Input);
                return new FloatTensor(t.Plan.Block.Input, shape, new float[shape.Aggregate(1L, (a, d) => a * d)]);
            }).ToList();
            if (whole is { } w)
            {
                sessions.Add(new StageSession(w.Model, intraOpThreads: options.Threads));
                inputs.Add(w.Input);
            }
            for (int i = 0; i < sessions.Count; i++) sessions[i].Run([inputs[i]]);
            // What earlier work left to collect is collected now, not by a background collection during the rounds.
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var runs = sessions.Select(_ => new List<TimeSpan>()).ToList();
            long begin = Stopwatch.GetTimestamp();
            for (int round = 0; round < MaxRounds && (round < MinRounds || Stopwatch.GetElapsedTime(begin) < BudgetPerTile * sessions.Count); round++)
                for (int i = 0; i < sessions.Count; i++)
                {
                    long start = Stopwatch.GetTimestamp();
                    sessions[i].Run([inputs[i]]);
                    runs[i].Add(Stopwatch.GetElapsedTime(start));
                }
            var same = tiles.Select((t, i) => (Key: (t.Block, t.Tile.Input.Rows.Length, t.Tile.Input.Cols.Length, t.Tile.Macs), i))
                .GroupBy(p => p.Key, p => p.i).ToDictionary(g => g.Key, g => Stats.Median(g.SelectMany(i => runs[i])));
            var perTile = plans.Select((p, b) => p.Tiles.Select(t => (TimeSpan?)same[(b, t.Input.Rows.Length, t.Input.Cols.Length, t.Macs)]).ToArray()).ToArray();
            return new Sitting(perTile, whole is null ? null : Stats.Median(runs[^1]));
        }
        finally
        {
            foreach (var s in sessions) s.Dispose();
        }
    }

    /// <summary>One sitting's figures: per block, per tile index, and the compared model's (null when none was given).</summary>
    public sealed record Sitting(TimeSpan?[][] Tiles, TimeSpan? Whole);
}

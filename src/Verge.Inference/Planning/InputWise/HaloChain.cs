using Verge.Inference.Graph;

namespace Verge.Inference.Planning.InputWise;

/// <summary>
/// The fastest chain of fused blocks under halo exchange (<see cref="HaloSchedule"/>), by the latency model: the same
/// shortest path over the maps that can end a block as <see cref="FusedChain.Choose"/>, but a block boundary costs
/// only the halos between the workers' bands (<see cref="HaloLatencyModel"/>), so deeper chains pay. A block's cost
/// depends on its neighbours (what it holds from the block before, what the block after reads of it): each step
/// replays the block before again with the new one after it, and the new one as the last (its whole output back).
/// </summary>
public static class HaloChain
{
    private sealed record Step(FusedBlock Block, TileGrid Grid, int Helpers, IReadOnlyList<TileShape> Tiles, TileTiming Timing)
    {
        public HaloBlock Halo => HaloBlock.Of(Tiles, Helpers, Timing.DeviceBlockMs is not null);
    }

    /// <summary>The fastest halo-exchange chain, or null when the model has no fusable front that a grid fits.</summary>
    public static FusedChain? Choose(ModelGraph graph, IReadOnlyList<TileGrid> grids, Func<FusedBlock, TileTiming> timing, int maxBlocks = 6)
    {
        var shapes = new Dictionary<(string, string, TileGrid), IReadOnlyList<TileShape>>();
        IReadOnlyList<TileShape> Tiles(FusedBlock block, TileGrid grid) =>
            shapes.TryGetValue((block.Input, block.Output, grid), out var t) ? t : shapes[(block.Input, block.Output, grid)] = TileShapes.Of(block, grid);
        // Per chain: its steps and the replayed time of all steps but the last (whose time depends on what follows).
        var frontier = new List<(List<Step> Steps, double PrefixMs)> { ([], 0) };
        (List<Step> Steps, double Ms)? best = null;
        var seen = new Dictionary<string, double>(StringComparer.Ordinal);
        for (int depth = 0; depth < maxBlocks && frontier.Count > 0; depth++)
        {
            var next = new Dictionary<string, (List<Step> Steps, double PrefixMs, double Ms)>(StringComparer.Ordinal);
            foreach (var (steps, prefixMs) in frontier)
                foreach (var block in FusedBlock.Candidates(graph, steps.Count == 0 ? null : steps[^1].Block))
                {
                    var setting = timing(block);
                    (Step Step, double LastMs, double Ms)? pick = null;
                    foreach (var grid in grids)
                    {
                        if (block.OutputInfo.Shape[2] < grid.Rows || block.OutputInfo.Shape[3] < grid.Cols) continue;
                        var tiles = Tiles(block, grid);
                        for (int k = 1; k <= setting.HelperBlockMs.Count; k++)
                        {
                            var step = new Step(block, grid, k, tiles, setting with { HelperBlockMs = setting.HelperBlockMs.Take(k).ToList(), RestMs = 0 });
                            double lastMs = steps.Count == 0 ? 0 : Replay(steps.Count >= 2 ? steps[^2] : null, steps[^1], step);
                            double ms = prefixMs + lastMs + Replay(steps.Count == 0 ? null : steps[^1], step, null) + setting.RestMs;
                            if (pick is null || ms < pick.Value.Ms - 1e-9
                                || (Math.Abs(ms - pick.Value.Ms) <= 1e-9 && (grid.Count, k).CompareTo((pick.Value.Step.Grid.Count, pick.Value.Step.Helpers)) < 0))
                                pick = (step, lastMs, ms);
                        }
                    }
                    if (pick is not { } p) continue;
                    var chain = steps.Append(p.Step).ToList();
                    if (best is null || p.Ms < best.Value.Ms - 1e-9) best = (chain, p.Ms);
                    if ((!seen.TryGetValue(block.Output, out var had) || p.Ms < had - 1e-9) && (!next.TryGetValue(block.Output, out var n) || p.Ms < n.Ms - 1e-9))
                        next[block.Output] = (chain, prefixMs + p.LastMs, p.Ms);
                }
            foreach (var (name, n) in next) seen[name] = Math.Min(seen.GetValueOrDefault(name, double.MaxValue), n.Ms);
            frontier = next.Values.Select(n => (n.Steps, n.PrefixMs)).ToList();
        }
        if (best is not { } found) return null;
        var all = found.Steps;
        var schedule = HaloSchedule.Build(all.Select(s => s.Halo).ToList());
        var layouts = all.Select((s, b) => new FusedLayout(s.Block, s.Grid, s.Helpers, s.Tiles, HaloLatencyModel.Predict(schedule, b, s.Block, s.Tiles, s.Timing))).ToList();
        return new FusedChain(layouts, timing(all[^1].Block).RestMs, HaloExchange: true);
    }

    /// <summary>
    /// The schedule of a chain's blocks as the runner executes it: <paramref name="helpers"/> per block, the device
    /// owning a band too when it takes tiles.
    /// </summary>
    public static HaloSchedule Schedule(IReadOnlyList<FusedTilePlan> plans, IReadOnlyList<int> helpers, bool device) =>
        HaloSchedule.Build(plans.Select((p, b) => HaloBlock.Of(p, helpers[b], device)).ToList());

    /// <summary>One block's tile phase between the block before it (what it holds) and the one after (what it returns).</summary>
    private static double Replay(Step? before, Step step, Step? after)
    {
        var blocks = new List<HaloBlock>();
        if (before is not null) blocks.Add(before.Halo);
        blocks.Add(step.Halo);
        if (after is not null) blocks.Add(after.Halo);
        return HaloLatencyModel.Predict(HaloSchedule.Build(blocks), before is null ? 0 : 1, step.Block, step.Tiles, step.Timing).LatencyMs;
    }
}

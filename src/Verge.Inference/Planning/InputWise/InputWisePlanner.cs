using Verge.Core.Deployment;

namespace Verge.Inference.Planning.InputWise;

/// <summary>
/// The `input-wise` candidate (DeepThings, Zhao et al., TCAD 2018): when the spec has two or more helpers (device-tier
/// nodes with <c>helper: true</c>), the fused front of a CNN runs as a grid of tiles on the helpers and the device
/// runs the rest. Without a fixed grid the blocks, grids and helpers are the latency-optimal <see cref="FusedChain"/>
/// (one block, or several in sequence that the device stitches and tiles again) and the device takes tiles from the
/// queue too (DeepThings' data source is one of the workers); with one, the block is <see cref="FusedDepth"/>'s and
/// only helpers take tiles. The prediction is <see cref="TileLatencyModel"/>'s replay of every block, or, when a chain
/// under halo exchange (<see cref="HaloChain"/>: helpers keep their bands, only halos cross the radio) is faster,
/// <see cref="HaloLatencyModel"/>'s.
/// </summary>
public sealed class InputWisePlanner(TileGrid? grid = null, RadioValueBytes? bytes = null) : IPlanner
{
    public const string Name = "input-wise";

    /// <summary>The grid asked for; null: chosen per problem for latency.</summary>
    public TileGrid? FixedGrid { get; } = grid;

    /// <summary>
    /// What one value of each map costs on the radio: float32 (null), or fewer bytes for a declared 8-bit input and
    /// zero-bitmap strips (<see cref="RadioValueBytes"/>, zero shares measured on a frame by the caller).
    /// </summary>
    public RadioValueBytes? Bytes { get; } = bytes;

    /// <summary>Whether the device computes tiles besides the helpers (only when the layout is chosen for latency).</summary>
    public bool DeviceTakesTiles => FixedGrid is null;

    /// <summary>The blocks, grids and predicted schedule this planner runs for <paramref name="problem"/>; null when it has no candidate.</summary>
    public FusedChain? Chain(PlanningProblem problem)
    {
        var helpers = problem.Topology.Helpers;
        if (helpers.Count < 2 || FusedBlock.Candidates(problem.Graph).Count == 0) return null;
        var costs = new CostModel(problem);
        if (FixedGrid is { } fixedGrid)
        {
            var block = FusedDepth.Choose(problem.Graph, [fixedGrid]);
            var tiles = TileShapes.Of(block, fixedGrid);
            var timing = Timing(costs, block);
            return new FusedChain([new FusedLayout(block, fixedGrid, helpers.Count, tiles, TileLatencyModel.Predict(block, tiles, timing with { RestMs = 0 }))], timing.RestMs);
        }
        // Full crops or halo exchange, whichever the latency model finds faster (full crops on a tie).
        var full = FusedChain.Choose(problem.Graph, FusedLayout.CandidateGrids, b => Timing(costs, b));
        var halo = HaloChain.Choose(problem.Graph, FusedLayout.CandidateGrids, b => Timing(costs, b));
        return halo is not null && (full is null || halo.PredictedMs < full.PredictedMs - 1e-9) ? halo : full;
    }

    private TileTiming Timing(CostModel costs, FusedBlock block)
    {
        var helpers = costs.Problem.Topology.Helpers;
        var device = costs.Device;
        var radio = costs.Path(device, helpers[0])[0];
        double BlockMs(Node n) => block.Nodes.Sum(i => costs.NodeMs(n, i));
        // The rest is what follows the block (for a chain's later block, not what came before it).
        double restMs = costs.Problem.Graph.Nodes.Where(n => n.Index > block.Nodes[^1]).Sum(n => costs.NodeMs(device, n.Index));
        var timing = new TileTiming(helpers.Select(BlockMs).ToList(), DeviceTakesTiles ? BlockMs(device) : null, restMs,
            radio.Bandwidth, radio.Rtt.TotalMilliseconds, costs.Problem.Options.Message);
        return Bytes is null ? timing : Bytes.Apply(timing, block);
    }

    public IReadOnlyList<Plan> Plan(PlanningProblem problem)
    {
        if (Chain(problem) is not { } chain) return [];
        var costs = new CostModel(problem);
        var device = costs.Device;
        var helpers = problem.Topology.Helpers;
        var graph = problem.Graph;
        var (first, last) = (chain.Blocks[0].Block, chain.Last);
        var tiled = chain.Blocks.SelectMany(b => b.Block.Nodes).ToList();
        var rest = graph.Nodes.Select(n => n.Index).Except(tiled).ToList();
        var radio = costs.Path(device, helpers[0])[0];
        int used = chain.Blocks.Max(b => b.Helpers);
        // Per helper, summed over the blocks: its compute, and what crosses the radio to and from it.
        var computeMs = new double[used];
        var toHelper = new long[used];
        var fromHelper = new long[used];
        double deviceTilesMs = 0;
        foreach (var b in chain.Blocks)
        {
            var p = b.Predicted;
            for (int k = 0; k < b.Helpers; k++) (computeMs[k], toHelper[k], fromHelper[k]) = (computeMs[k] + p.ComputeMsPerWorker[k], toHelper[k] + p.BytesToHelper[k], fromHelper[k] + p.BytesFromHelper[k]);
            if (p.ComputeMsPerWorker.Count > b.Helpers) deviceTilesMs += p.ComputeMsPerWorker[^1];
        }
        double upMs = toHelper.Sum(b => radio.Bandwidth.TransferMs(b)), downMs = fromHelper.Sum(b => radio.Bandwidth.TransferMs(b));
        double tilesEnd = chain.PredictedMs - chain.RestMs;
        double energy = device.Power.ComputeW * (chain.RestMs + deviceTilesMs) + device.Power.RadioW * (upMs + downMs)
                        + device.Power.IdleW * Math.Max(0, tilesEnd - upMs - downMs - deviceTilesMs);

        var outputs = graph.Outputs.Select(o => o.Name).ToList();
        var stages = helpers.Take(used).Select((h, k) => new Stage(h, tiled, [first.Input], [last.Output], computeMs[k])).Where(s => s.ComputeMs > 0).ToList();
        if (deviceTilesMs > 0) stages.Add(new Stage(device, tiled, [first.Input], [last.Output], deviceTilesMs));
        stages.Add(new Stage(device, rest, [last.Output], outputs, chain.RestMs));
        var hops = new List<Hop>();
        for (int k = 0; k < used; k++)
        {
            if (toHelper[k] == 0) continue;
            var path = costs.Path(device, helpers[k]);
            hops.Add(new Hop(device.Name, helpers[k].Name, path, [first.Input], toHelper[k], path.Sum(l => l.OneWayMs(toHelper[k])), false));
            hops.Add(new Hop(helpers[k].Name, device.Name, path, [last.Output], fromHelper[k], path.Sum(l => l.OneWayMs(fromHelper[k])), true));
        }
        var predicted = new Prediction(chain.PredictedMs, energy, toHelper.Sum());
        bool meets = problem.Options.SloLatencyMs is not { } slo || chain.PredictedMs <= slo;
        return [new Plan(Name, stages, hops, problem.Options.Codec, predicted, meets)];
    }
}

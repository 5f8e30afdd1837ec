using Verge.Core.Deployment;

namespace Verge.Inference.Planning.InputWise;

/// <summary>
/// The `input-wise` candidate (DeepThings, Zhao et al., TCAD 2018): when the spec has two or more helpers (device-tier
/// nodes with <c>helper: true</c>), the fused front of a CNN runs as a grid of tiles on the helpers and the device
/// runs the rest. Without a fixed grid the depth and grid are the latency-optimal <see cref="FusedLayout"/> and the
/// device takes tiles from the queue too (DeepThings' data source is one of the workers); with one, the block is
/// <see cref="FusedDepth"/>'s and only helpers take tiles. The prediction is <see cref="TileLatencyModel"/>'s replay.
/// </summary>
public sealed class InputWisePlanner(TileGrid? grid = null) : IPlanner
{
    public const string Name = "input-wise";

    /// <summary>The grid asked for; null: chosen per problem for latency.</summary>
    public TileGrid? FixedGrid { get; } = grid;

    /// <summary>Whether the device computes tiles besides the helpers (only when the layout is chosen for latency).</summary>
    public bool DeviceTakesTiles => FixedGrid is null;

    /// <summary>The block, grid and predicted schedule this planner runs for <paramref name="problem"/>; null when it has no candidate.</summary>
    public FusedLayout? Layout(PlanningProblem problem)
    {
        var helpers = problem.Topology.Helpers;
        if (helpers.Count < 2 || FusedBlock.Candidates(problem.Graph).Count == 0) return null;
        var costs = new CostModel(problem);
        if (FixedGrid is { } fixedGrid)
        {
            var block = FusedDepth.Choose(problem.Graph, [fixedGrid]);
            var tiles = TileShapes.Of(block, fixedGrid);
            return new FusedLayout(block, fixedGrid, helpers.Count, tiles, TileLatencyModel.Predict(block, tiles, Timing(costs, block)));
        }
        return FusedLayout.Choose(problem.Graph, FusedLayout.CandidateGrids, b => Timing(costs, b));
    }

    private TileTiming Timing(CostModel costs, FusedBlock block)
    {
        var helpers = costs.Problem.Topology.Helpers;
        var device = costs.Device;
        var radio = costs.Path(device, helpers[0])[0];
        double BlockMs(Node n) => block.Nodes.Sum(i => costs.NodeMs(n, i));
        // The rest is what follows the block (for a chain's later block, not what came before it).
        double restMs = costs.Problem.Graph.Nodes.Where(n => n.Index > block.Nodes[^1]).Sum(n => costs.NodeMs(device, n.Index));
        return new TileTiming(helpers.Select(BlockMs).ToList(), DeviceTakesTiles ? BlockMs(device) : null, restMs,
            radio.Bandwidth, radio.Rtt.TotalMilliseconds, costs.Problem.Options.Message);
    }

    public IReadOnlyList<Plan> Plan(PlanningProblem problem)
    {
        if (Layout(problem) is not { } layout) return [];
        var costs = new CostModel(problem);
        var device = costs.Device;
        var helpers = problem.Topology.Helpers;
        var graph = problem.Graph;
        var block = layout.Block;
        var p = layout.Predicted;
        var rest = graph.Nodes.Select(n => n.Index).Except(block.Nodes).ToList();
        double restMs = rest.Sum(i => costs.NodeMs(device, i));
        var radio = costs.Path(device, helpers[0])[0];
        double upMs = p.BytesToHelper.Sum(b => radio.Bandwidth.TransferMs(b)), downMs = p.BytesFromHelper.Sum(b => radio.Bandwidth.TransferMs(b));
        double deviceTilesMs = p.ComputeMsPerWorker.Count > layout.Helpers ? p.ComputeMsPerWorker[^1] : 0;
        double tilesEnd = p.LatencyMs - restMs;
        double energy = device.Power.ComputeW * (restMs + deviceTilesMs) + device.Power.RadioW * (upMs + downMs)
                        + device.Power.IdleW * Math.Max(0, tilesEnd - upMs - downMs - deviceTilesMs);

        var outputs = graph.Outputs.Select(o => o.Name).ToList();
        var stages = helpers.Take(layout.Helpers).Select((h, k) => new Stage(h, block.Nodes, [block.Input], [block.Output], p.ComputeMsPerWorker[k])).Where(s => s.ComputeMs > 0).ToList();
        if (deviceTilesMs > 0) stages.Add(new Stage(device, block.Nodes, [block.Input], [block.Output], deviceTilesMs));
        stages.Add(new Stage(device, rest, [block.Output], outputs, restMs));
        var hops = new List<Hop>();
        for (int k = 0; k < layout.Helpers; k++)
        {
            if (p.BytesToHelper[k] == 0) continue;
            var path = costs.Path(device, helpers[k]);
            hops.Add(new Hop(device.Name, helpers[k].Name, path, [block.Input], p.BytesToHelper[k], path.Sum(l => l.OneWayMs(p.BytesToHelper[k])), false));
            hops.Add(new Hop(helpers[k].Name, device.Name, path, [block.Output], p.BytesFromHelper[k], path.Sum(l => l.OneWayMs(p.BytesFromHelper[k])), true));
        }
        var predicted = new Prediction(p.LatencyMs, energy, p.BytesToHelper.Sum());
        bool meets = problem.Options.SloLatencyMs is not { } slo || p.LatencyMs <= slo;
        return [new Plan(Name, stages, hops, problem.Options.Codec, predicted, meets)];
    }
}

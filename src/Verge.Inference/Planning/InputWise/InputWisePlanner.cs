using Verge.Core.Deployment;

namespace Verge.Inference.Planning.InputWise;

/// <summary>
/// The `input-wise` candidate (DeepThings, Zhao et al., TCAD 2018): when the spec has two or more helpers (device-tier
/// nodes with <c>helper: true</c>), the fused front of a CNN runs as a grid of tiles on the helpers and the device
/// runs the rest. The prediction replays the runner's schedule: tiles leave one by one over the device's radio (the
/// link to the first helper, shared by all), each to the helper that is free first, and each helper waits for its
/// reply before it takes the next tile.
/// </summary>
public sealed class InputWisePlanner(TileGrid? grid = null) : IPlanner
{
    public const string Name = "input-wise";

    public TileGrid Grid { get; } = grid ?? FusedDepth.ReferenceGrid;

    public IReadOnlyList<Plan> Plan(PlanningProblem problem)
    {
        var helpers = problem.Topology.Helpers;
        if (helpers.Count < 2 || FusedBlock.Candidates(problem.Graph).Count == 0) return [];
        var costs = new CostModel(problem);
        var device = costs.Device;
        var graph = problem.Graph;
        var block = FusedDepth.Choose(graph, [Grid]);
        var tiles = FusedTilePartitioner.Partition(block, Grid);
        var radio = costs.Path(device, helpers[0])[0];
        var message = problem.Options.Message;
        long blockMacs = Math.Max(1, block.Nodes.Sum(i => graph.Nodes[i].Macs));

        double upFree = 0, downFree = 0, uplinkMs = 0;
        long uplinkBytes = 0;
        var free = new double[helpers.Count];
        var computeMs = new double[helpers.Count];
        var sent = new long[helpers.Count];
        var back = new long[helpers.Count];
        foreach (var tile in tiles.Tiles)
        {
            int h = Array.IndexOf(free, free.Min());
            long inBytes = tile.Input.Area * block.InputInfo.Shape[0] * block.InputInfo.Shape[1] * 4;
            long outBytes = tile.Output.Area * block.OutputInfo.Shape[0] * block.OutputInfo.Shape[1] * 4;
            double send = radio.Bandwidth.TransferMs(inBytes) + message.Ms(inBytes);
            upFree = Math.Max(upFree, free[h]) + send;
            double compute = block.Nodes.Sum(i => costs.NodeMs(helpers[h], i)) * tile.Macs / blockMacs;
            double done = upFree + radio.Rtt.TotalMilliseconds / 2 + compute;
            downFree = Math.Max(downFree, done) + radio.Bandwidth.TransferMs(outBytes) + message.Ms(outBytes);
            free[h] = downFree + radio.Rtt.TotalMilliseconds / 2;
            computeMs[h] += compute;
            sent[h] += inBytes;
            back[h] += outBytes;
            uplinkBytes += inBytes;
            uplinkMs += send;
        }
        var rest = graph.Nodes.Select(n => n.Index).Except(block.Nodes).ToList();
        double restMs = rest.Sum(i => costs.NodeMs(device, i));
        double latency = free.Max() + restMs;
        double downMs = back.Sum(b => radio.Bandwidth.TransferMs(b));
        double energy = device.Power.ComputeW * restMs + device.Power.RadioW * (uplinkMs + downMs) + device.Power.IdleW * Math.Max(0, free.Max() - uplinkMs - downMs);

        var outputs = graph.Outputs.Select(o => o.Name).ToList();
        var stages = helpers.Select((h, k) => new Stage(h, block.Nodes, [block.Input], [block.Output], computeMs[k])).Where(s => s.ComputeMs > 0).ToList();
        stages.Add(new Stage(device, rest, [block.Output], outputs, restMs));
        var hops = new List<Hop>();
        for (int k = 0; k < helpers.Count; k++)
        {
            if (sent[k] == 0) continue;
            var path = costs.Path(device, helpers[k]);
            hops.Add(new Hop(device.Name, helpers[k].Name, path, [block.Input], sent[k], path.Sum(l => l.OneWayMs(sent[k])), false));
            hops.Add(new Hop(helpers[k].Name, device.Name, path, [block.Output], back[k], path.Sum(l => l.OneWayMs(back[k])), true));
        }
        var predicted = new Prediction(latency, energy, uplinkBytes);
        bool meets = problem.Options.SloLatencyMs is not { } slo || latency <= slo;
        return [new Plan(Name, stages, hops, problem.Options.Codec, predicted, meets)];
    }
}

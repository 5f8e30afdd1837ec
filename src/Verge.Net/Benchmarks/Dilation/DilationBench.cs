using Verge.Core.Deployment;
using Verge.Core.Spec;
using Verge.Core.Statistics;
using Verge.Inference.Graph;
using Verge.Inference.Graph.Cuts;
using Verge.Inference.Planning;
using Verge.Inference.Runtime;
using Verge.Net.Execution;
using Verge.Net.Running;
using Verge.Net.Wire;

namespace Verge.Net.Benchmarks.Dilation;

/// <summary>
/// `verge bench dilation`'s driver: a spec whose cloud is faster than this host, run under time dilation (Gupta et al.,
/// NSDI 2006) for a cloud-only plan and a device → edge → cloud split, each measured next to the cost model's
/// prediction; and, for contrast, the same plans without dilation, where the fast cloud can only compute at this
/// host's speed.
/// </summary>
public static class DilationBench
{
    /// <summary>The name under which the device → edge → cloud split is measured.</summary>
    public const string Split = "device→edge→cloud";

    public sealed record Row(string Plan, string Placement, double Dilation, double PredictedMs, double MeasuredP50Ms, bool OutputsMatch)
    {
        /// <summary>Measured over predicted, minus one.</summary>
        public double Error => MeasuredP50Ms / PredictedMs - 1;
    }

    /// <summary>
    /// Cloud-only and the device → edge → cloud split with the lowest predicted latency among those that leave work on
    /// all three (two cuts along the topological order, as <see cref="Inference.Planning.ThreeTier.ThreeTierPlanner"/> prices them).
    /// </summary>
    public static IReadOnlyList<Plan> Plans(ModelGraph graph, ModelProfile profile, Topology topology, PlanningOptions planning)
    {
        var problem = new PlanningProblem(graph, profile, topology, planning);
        var costs = new CostModel(problem);
        var edge = costs.Topology.FirstOf(Tier.Edge) ?? throw new Core.Errors.InputException("the spec has no edge node; the dilation bench splits device → edge → cloud");
        var cloud = costs.Topology.FirstOf(Tier.Cloud) ?? throw new Core.Errors.InputException("the spec has no cloud node; the dilation bench needs one");
        var cloudOnly = costs.Build("cloud-only", [costs.Device, cloud], Enumerable.Repeat(1, graph.Nodes.Count).ToArray());
        var positions = CutEnumerator.Enumerate(graph).Select(c => c.Position).Where(p => p >= 0 && p < graph.Nodes.Count - 1).ToList();
        Plan? split = null;
        var stageOf = new int[graph.Nodes.Count];
        for (int a = 0; a < positions.Count; a++)
            for (int b = a + 1; b < positions.Count; b++)
            {
                if (positions[b] <= positions[a]) continue;
                for (int i = 0; i < stageOf.Length; i++)
                    stageOf[i] = i <= positions[a] ? 0 : i <= positions[b] ? 1 : 2;
                var plan = costs.Build(Split, [costs.Device, edge, cloud], stageOf);
                if (split is null || plan.Predicted.LatencyMs < split.Predicted.LatencyMs) split = plan;
            }
        return split is null ? [cloudOnly] : [cloudOnly, split];
    }

    /// <summary>
    /// Runs each plan for <paramref name="frames"/> frames (the first a warm-up) on nodes started here under
    /// <paramref name="dilation"/>, with the RPC stack's cost measured against them in the predictions.
    /// </summary>
    public static async Task<IReadOnlyList<Row>> MeasureAsync(DeploymentSpec spec, ModelGraph graph, ModelProfile profile, TimeDilation dilation,
        int frames, int threads, IProgress<string>? progress = null, CancellationToken ct = default)
    {
        var inputs = await FrameInputs.CreateAsync(spec.App.Input, graph, spec.Source, ct);
        var topology = spec.Topology;
        await using var nodes = await LocalNodes.StartAsync(topology, new Dictionary<Tier, string>(), threads, ct, dilation: dilation);
        var transport = dilation.Message(await TransportCalibration.MeasureForDeviceAsync(topology, nodes.Urls, ct));
        var planning = PlanningOptions.From(spec.App) with { Message = transport };
        var rows = new List<Row>();
        foreach (var plan in Plans(graph, profile, topology, planning))
        {
            progress?.Report($"{plan.Name} ({plan.Placement}), dilation {dilation}");
            var runner = new PlanRunner(graph, profile, topology, planning, nodes.Urls, new RunnerOptions
            {
                Frames = frames, Given = plan, Adapt = false, CalibrateTransport = false,
                Deployment = new DeploymentOptions { Encoding = TensorEncoding.Of(spec.App.Codec), Threads = threads, Dilation = dilation },
            });
            var report = await runner.RunAsync(inputs, ct: ct);
            var steady = report.Frames.Skip(1).Where(f => !f.Fallback).Select(f => f.TotalMs).ToList();
            rows.Add(new Row(plan.Name, plan.Placement, dilation.Factor, plan.Predicted.LatencyMs, Stats.Percentile(steady, 50),
                report.Frames.All(f => !f.Fallback && f.MaxRelativeDifference <= 1e-4)));
        }
        return rows;
    }
}

using Verge.Core.Deployment;
using Verge.Core.Spec;
using Verge.Core.Statistics;
using Verge.Core.Units;
using Verge.Inference.Graph;
using Verge.Inference.Planning.Neurosurgeon;
using Verge.Inference.Planning;
using Verge.Inference.Runtime;
using Verge.Net.Execution;
using Verge.Net.Stages;
using Verge.Net.Wire;

namespace Verge.Net.Benchmarks.Partition;

/// <summary>
/// The partitioning experiment of Neurosurgeon (Kang et al., ASPLOS 2017), run for real: for a model, an uplink and
/// a device speed, measure device-only, edge-only and the planner's choice over gRPC on shaped links, next to what
/// the cost model predicted for each. Predictions include the RPC stack's own cost per message
/// (<paramref name="transport"/>, from <see cref="TransportCalibration"/>). Edge-only does not depend on the device's
/// speed, so it is measured once per network and reused across speeds.
/// </summary>
public sealed class PartitionSweep(ModelGraph graph, ModelProfile profile, string edgeUrl, int frames, int threads, MessageCost transport)
{
    private readonly Dictionary<string, Measurement> _edgeOnly = new(StringComparer.Ordinal);

    /// <summary>The name under which the best interior cut is measured.</summary>
    public const string BestSplit = "best split";

    public sealed record Measurement(string Plan, string Placement, double PredictedMs, double MeasuredP50Ms, long UplinkBytes, bool OutputsMatch)
    {
        /// <summary>Measured over predicted, minus one.</summary>
        public double Error => MeasuredP50Ms / PredictedMs - 1;
    }

    /// <param name="Chosen">The measured plan that is the planner's choice (by placement).</param>
    /// <param name="ChosenBy">The candidate the planner chose (its planner's name).</param>
    public sealed record Cell(string Network, double Mbps, double DeviceSpeed, string Chosen, string ChosenBy, IReadOnlyList<Measurement> Runs)
    {
        /// <summary>The best interior cut, when the model has one.</summary>
        public Measurement? Split => Runs.FirstOrDefault(r => r.Plan == BestSplit);

        public Measurement Of(string plan) => Runs.First(r => r.Plan == plan);

        /// <summary>Best single site over the planner's choice, both measured.</summary>
        public double Speedup => Math.Min(Of("device-only").MeasuredP50Ms, Of("edge-only").MeasuredP50Ms) / Of(Chosen).MeasuredP50Ms;

        /// <summary>How much slower the choice ran than the best plan measured here (0 = it was the best).</summary>
        public double ChoiceRegret => Of(Chosen).MeasuredP50Ms / Runs.Min(r => r.MeasuredP50Ms) - 1;
    }

    /// <summary>A phone and one edge server joined by one link, as in Neurosurgeon's set-up.</summary>
    public static Topology TwoTier(double deviceSpeed, Bandwidth uplink, TimeSpan rtt) => new(
        [new Node("phone", Tier.Device, deviceSpeed), new Node("edge", Tier.Edge, 1.0)],
        [new Link("phone", "edge", uplink, rtt)]);

    public async Task<Cell> MeasureAsync(string network, Bandwidth uplink, TimeSpan rtt, double deviceSpeed, CancellationToken ct = default)
    {
        var topology = TwoTier(deviceSpeed, uplink, rtt);
        var urls = new Dictionary<string, string> { ["edge"] = edgeUrl };
        var planning = new PlanningOptions { Objective = Objective.Latency, Message = transport };
        var problem = new PlanningProblem(graph, profile, topology, planning);
        var choice = Planners.Choose(problem);
        // The best cut that really splits the model (head on the phone, tail on the edge), measured even when not chosen.
        var split = new NeurosurgeonPlanner(new NeurosurgeonOptions { Target = Tier.Edge }).Sweep(problem)
            .Where(p => p.Stages.Count(s => s.GraphNodes.Count > 0) == 2).MinBy(p => p.Predicted.LatencyMs);
        var plans = new List<Plan> { choice.Candidates.First(c => c.Name == "device-only"), choice.Candidates.First(c => c.Name == "edge-only") };
        if (split is not null) plans.Add(split with { Name = BestSplit });
        if (!plans.Any(p => p.Placement == choice.Chosen.Placement)) plans.Add(choice.Chosen);
        var chosen = plans.First(p => p.Placement == choice.Chosen.Placement).Name;
        var runs = new List<Measurement>();
        foreach (var plan in plans)
        {
            var name = plan.Name;
            if (name == "edge-only" && _edgeOnly.TryGetValue(network, out var known))
            {
                runs.Add(known);
                continue;
            }
            var runner = new PlanRunner(graph, profile, topology, planning, urls,
                new RunnerOptions { Frames = frames, Given = plan, Adapt = false, CalibrateTransport = false, Deployment = new DeploymentOptions { Threads = threads } });
            var report = await runner.RunAsync(Inputs, ct: ct);
            var steady = report.Frames.Skip(1).ToList(); // the first frame warms connections and sessions
            runs.Add(new Measurement(name, plan.Placement, plan.Predicted.LatencyMs,
                Stats.Percentile(steady.Select(f => f.TotalMs), 50), plan.Predicted.UplinkBytes,
                report.Frames.All(f => !f.Fallback && f.MaxRelativeDifference <= 1e-4)));
            if (name == "edge-only") _edgeOnly[network] = runs[^1];
        }
        return new Cell(network, uplink.Mbps, deviceSpeed, chosen, choice.Chosen.Name, runs);
    }

    private IReadOnlyList<FloatTensor> Inputs(int frame)
    {
        var rng = new Random(frame);
        return graph.Inputs.Select(i =>
        {
            var data = new float[i.Elements];
            for (int k = 0; k < data.Length; k++) data[k] = rng.NextSingle();
            return new FloatTensor(i.Name, i.Shape, data);
        }).ToList();
    }
}

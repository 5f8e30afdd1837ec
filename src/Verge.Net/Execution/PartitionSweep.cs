using Verge.Core.Deployment;
using Verge.Core.Spec;
using Verge.Core.Units;
using Verge.Inference.Graph;
using Verge.Inference.Planning;
using Verge.Inference.Runtime;
using Verge.Net.Stages;

namespace Verge.Net.Execution;

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

    public sealed record Measurement(string Plan, string Placement, double PredictedMs, double MeasuredP50Ms, long UplinkBytes, bool OutputsMatch)
    {
        /// <summary>Measured over predicted, minus one.</summary>
        public double Error => MeasuredP50Ms / PredictedMs - 1;
    }

    public sealed record Cell(string Network, double Mbps, double DeviceSpeed, string Chosen, IReadOnlyList<Measurement> Runs)
    {
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
        var choice = Planners.Choose(new PlanningProblem(graph, profile, topology, planning));
        var names = new[] { "device-only", "edge-only", choice.Chosen.Name }.Distinct().ToList();
        var runs = new List<Measurement>();
        foreach (var name in names)
        {
            var plan = choice.Candidates.First(c => c.Name == name);
            if (name == "edge-only" && _edgeOnly.TryGetValue(network, out var known))
            {
                runs.Add(known);
                continue;
            }
            var runner = new PlanRunner(graph, profile, topology, planning, urls,
                new RunnerOptions { Frames = frames, Plan = name, Adapt = false, CalibrateTransport = false, Deployment = new DeploymentOptions { Threads = threads } });
            var report = await runner.RunAsync(Inputs, ct: ct);
            var steady = report.Frames.Skip(1).ToList(); // the first frame warms connections and sessions
            runs.Add(new Measurement(name, plan.Placement, plan.Predicted.LatencyMs,
                Percentiles.Of(steady.Select(f => f.TotalMs), 50), plan.Predicted.UplinkBytes,
                report.Frames.All(f => !f.Fallback && f.MaxRelativeDifference <= 1e-4)));
            if (name == "edge-only") _edgeOnly[network] = runs[^1];
        }
        return new Cell(network, uplink.Mbps, deviceSpeed, choice.Chosen.Name, runs);
    }

    private IReadOnlyList<NamedTensor> Inputs(int frame)
    {
        var rng = new Random(frame);
        return graph.Inputs.Select(i =>
        {
            var data = new float[i.Elements];
            for (int k = 0; k < data.Length; k++) data[k] = rng.NextSingle();
            return new NamedTensor(i.Name, i.Shape, data);
        }).ToList();
    }
}

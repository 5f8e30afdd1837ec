using Verge.Core.Deployment;
using Verge.Core.Errors;
using Verge.Core.Spec;
using Verge.Inference.Graph.Cuts;

namespace Verge.Inference.Planning;

/// <summary>
/// Predicts what a placement costs for one inference, sequentially (no pipelining across frames):
/// <list type="bullet">
/// <item>compute of a stage = Σ profiled node ms × (OptimizedMs / SumNodeMs) / the site's speed for that layer
/// (a stored per-layer profile), else for its op type, else the site's speed.
/// The factor makes the whole model on a speed-1 node cost exactly the measured optimised latency; it is used
/// rather than <c>OptimizedScale</c> because the attributed node times need not add up to <c>WholeMs</c> (profiling
/// overhead, a busy host);</item>
/// <item>a hop of B bytes (after the codec) over a path of links takes Σ (rtt/2 + B/bandwidth) one way, store and
/// forward, exactly as the emulating transport delays each message; so a request and its response over one link
/// cost rtt + (req + resp)/bandwidth; each message on each link also pays the RPC stack's own cost
/// (<see cref="PlanningOptions.Message"/>: a fixed part and a part per megabyte);</item>
/// <item>the result always returns to the device over the reverse path (one more hop), unless the device ran the
/// last stage; model outputs the device produced itself stay there;</item>
/// <item>device energy = compute_w · device compute + radio_w · serialisation on the device's own link (both
/// directions) + idle_w · the rest of the latency (waiting for remote compute, RTTs, farther links).</item>
/// </list>
/// </summary>
public sealed class CostModel
{
    private readonly double[] _baseMs;
    private readonly string[] _opTypes;
    private readonly string[] _names;
    private readonly double _codecFactor;

    public CostModel(PlanningProblem problem)
    {
        Problem = problem;
        Flow = new DataFlow(problem.Graph);
        Topology = problem.Topology.AtFrame(problem.Options.Frame);
        Device = Topology.Device;
        _codecFactor = problem.Options.Codec.BytesFactor();
        var byName = problem.Profile.Nodes.ToDictionary(n => n.Name, n => n.Ms, StringComparer.Ordinal);
        double sum = problem.Profile.SumNodeMs;
        double scale = sum > 0 && problem.Profile.OptimizedMs > 0 ? problem.Profile.OptimizedMs / sum : 1.0;
        var nodes = problem.Graph.Nodes;
        _baseMs = new double[nodes.Count];
        _opTypes = new string[nodes.Count];
        _names = new string[nodes.Count];
        for (int i = 0; i < nodes.Count; i++)
        {
            if (!byName.TryGetValue(nodes[i].Name, out var ms))
                throw new InputException($"the profile of '{problem.Profile.Model}' has no node '{nodes[i].Name}'; profile this model again");
            _baseMs[i] = ms * scale;
            _opTypes[i] = nodes[i].OpType;
            _names[i] = nodes[i].Name;
        }
    }

    public PlanningProblem Problem { get; }
    public DataFlow Flow { get; }

    /// <summary>The topology with link conditions of <see cref="PlanningOptions.Frame"/>.</summary>
    public Topology Topology { get; }
    public Node Device { get; }
    public Objective Objective => Problem.Options.Objective;

    /// <summary>Milliseconds graph node <paramref name="index"/> takes on <paramref name="site"/>.</summary>
    public double NodeMs(Node site, int index) => _baseMs[index] / site.SpeedFor(_names[index], _opTypes[index]);

    /// <summary>Bytes a tensor occupies on the wire under the plan's codec.</summary>
    public long WireBytes(string tensor) => (long)Math.Ceiling(Flow.Bytes(tensor) * _codecFactor);

    public IReadOnlyList<Link> Path(Node from, Node to) => Topology.Path(from.Name, to.Name)
        ?? throw new InputException($"no route from '{from.Name}' to '{to.Name}'; add a link");

    /// <summary>The objective's price of time spent computing on the device, on its radio, and waiting.</summary>
    public double Cost(double deviceComputeMs, double radioMs, double waitMs)
    {
        if (Objective == Objective.Latency) return deviceComputeMs + radioMs + waitMs;
        var p = Device.Power;
        return p.ComputeW * deviceComputeMs + p.RadioW * radioMs + p.IdleW * waitMs;
    }

    /// <summary>The objective's price of moving <paramref name="bytes"/> over <paramref name="path"/>, RTTs aside.</summary>
    public double TransferCost(IReadOnlyList<Link> path, long bytes)
    {
        double serialise = path.Sum(l => l.Bandwidth.TransferMs(bytes) + Problem.Options.Message.PayloadMs(bytes));
        double radio = RadioMs(path, bytes);
        return Cost(0, radio, serialise - radio);
    }

    /// <summary>The objective value of a prediction (lower is better).</summary>
    public double Score(Prediction p) => Objective == Objective.Latency ? p.LatencyMs : p.DeviceEnergyMj;

    /// <summary>
    /// Prices a placement: <paramref name="sites"/> in execution order, starting with the device; node i runs on
    /// sites[stageOf[i]]. Stages may be empty (their site only relays); a tensor never flows to an earlier stage.
    /// </summary>
    public Plan Build(string name, IReadOnlyList<Node> sites, IReadOnlyList<int> stageOf)
    {
        if (sites.Count == 0 || sites[0] != Device) throw new ArgumentException("the first site must be the device", nameof(sites));
        if (stageOf.Count != _baseMs.Length) throw new ArgumentException("one stage per graph node", nameof(stageOf));
        int StageOfProducer(string t) => Flow.Producer[t] < 0 ? 0 : stageOf[Flow.Producer[t]];
        bool IsNodeReader(int r) => r < Flow.End;
        foreach (var t in Flow.Tensors)
            if (Flow.ReadersOf[t].Any(r => IsNodeReader(r) && stageOf[r] < StageOfProducer(t)))
                throw new ArgumentException($"tensor '{t}' would flow back to an earlier stage", nameof(stageOf));

        var members = Enumerable.Range(0, sites.Count).Select(_ => new List<int>()).ToList();
        for (int i = 0; i < stageOf.Count; i++) members[stageOf[i]].Add(i);
        var holders = Enumerable.Range(0, sites.Count).Where(k => k == 0 || members[k].Count > 0).ToList();

        List<string> SentAfter(int h) => Flow.Tensors.Where(t => StageOfProducer(t) <= h
            && (Flow.ReadersOf[t].Any(r => IsNodeReader(r) && stageOf[r] > h) || (Flow.IsModelOutput(t) && StageOfProducer(t) > 0))).ToList();

        var hops = new List<Hop>();
        for (int j = 0; j + 1 < holders.Count; j++)
            hops.Add(MakeHop(sites[holders[j]], sites[holders[j + 1]], SentAfter(holders[j]), isReturn: false));
        if (holders[^1] != 0)
        {
            var results = Flow.Tensors.Where(t => Flow.IsModelOutput(t) && StageOfProducer(t) > 0).ToList();
            hops.Add(MakeHop(sites[holders[^1]], Device, results, isReturn: true));
        }

        var modelInputs = Problem.Graph.Inputs.Select(i => i.Name).ToList();
        var modelOutputs = Problem.Graph.Outputs.Select(o => o.Name).ToList();
        var stages = new List<Stage>();
        for (int j = 0; j < holders.Count; j++)
        {
            int k = holders[j];
            if (members[k].Count == 0) continue;
            var inputs = j == 0 ? modelInputs : hops[j - 1].Tensors;
            var outputs = j < hops.Count ? hops[j].Tensors : modelOutputs;
            stages.Add(new Stage(sites[k], members[k], inputs, outputs, members[k].Sum(i => NodeMs(sites[k], i))));
        }
        var predicted = Predict(stages, hops);
        bool meetsSlo = Problem.Options.SloLatencyMs is not { } slo || predicted.LatencyMs <= slo;
        return new Plan(name, stages, hops, Problem.Options.Codec, predicted, meetsSlo);
    }

    private Hop MakeHop(Node from, Node to, IReadOnlyList<string> tensors, bool isReturn)
    {
        var path = Path(from, to);
        long bytes = tensors.Sum(WireBytes);
        var message = Problem.Options.Message;
        return new Hop(from.Name, to.Name, path, tensors, bytes, path.Sum(l => l.OneWayMs(bytes) + message.Ms(bytes)), isReturn);
    }

    private Prediction Predict(IReadOnlyList<Stage> stages, IReadOnlyList<Hop> hops)
    {
        double latency = stages.Sum(s => s.ComputeMs) + hops.Sum(h => h.Ms);
        double compute = stages.Where(s => s.Site == Device).Sum(s => s.ComputeMs);
        double radio = hops.Sum(h => RadioMs(h.Path, h.Bytes));
        var p = Device.Power;
        double energyMj = p.ComputeW * compute + p.RadioW * radio + p.IdleW * Math.Max(0, latency - compute - radio);
        long uplink = hops.Where(h => h.From == Device.Name).Sum(h => h.Bytes);
        return new Prediction(latency, energyMj, uplink);
    }

    /// <summary>Time the device's radio is busy: serialisation on the links that touch the device.</summary>
    private double RadioMs(IReadOnlyList<Link> path, long bytes) =>
        path.Where(l => l.From == Device.Name || l.To == Device.Name).Sum(l => l.Bandwidth.TransferMs(bytes));
}

using Verge.Learning.Federated.Codecs;
using Verge.Learning.Federated.FedAvg;

namespace Verge.Learning.Federated.Hierarchical;

/// <summary>
/// Hierarchical aggregation with significance-gated wide-area sync (after Gaia, Hsieh et al., NSDI 2017): each
/// edge runs FedAvg over its own devices every round and accumulates its model's change; only when that change is
/// significant does the edge send it to the cloud, which folds it in (weighted by the edge's data) and sends the
/// new cloud model back. Gaia gates each parameter; this gates each edge's whole update (one norm ratio).
/// </summary>
public sealed class HierarchicalStrategy : IFederatedStrategy
{
    private float[] _cloud;
    private readonly float[][] _edges, _accumulated;
    private readonly double[] _edgeSamples;

    public HierarchicalStrategy(float[] initialWeights, HierarchicalOptions options)
    {
        if (options.Edges < 1) throw new ArgumentOutOfRangeException(nameof(options), "at least one edge");
        Options = options;
        _cloud = (float[])initialWeights.Clone();
        _edges = Enumerable.Range(0, options.Edges).Select(_ => (float[])initialWeights.Clone()).ToArray();
        _accumulated = Enumerable.Range(0, options.Edges).Select(_ => new float[initialWeights.Length]).ToArray();
        _edgeSamples = new double[options.Edges];
    }

    public HierarchicalOptions Options { get; }
    public string Name => "hierarchical";
    public long ModelVersion { get; private set; }
    public bool Asynchronous => false;
    public bool Decentralized => false;
    public int CloudSyncs { get; private set; }

    public int EdgeOf(int client) => client % Options.Edges;

    public FitPlan ConfigureFit(int round, IReadOnlyList<int> availableClients)
    {
        var chosen = ClientSampler.Sample(availableClients, Options.Fraction, Options.Seed, round);
        return new FitPlan(chosen.Select(c => new FitInstruction(c, round, ModelVersion, _edges[EdgeOf(c)], Options.Fit)).ToList(), chosen.Count);
    }

    public RoundAggregate AggregateFit(int round, IReadOnlyList<ClientUpdate> results)
    {
        if (results.Count == 0) return new RoundAggregate(0);
        int n = _cloud.Length;
        var syncing = new List<int>();
        foreach (var group in results.GroupBy(r => EdgeOf(r.ClientId)))
        {
            int e = group.Key;
            var members = group.ToList();
            var step = FedAvgStrategy.Aggregate(members, n);
            var edge = (float[])_edges[e].Clone();
            Aggregation.AddScaled(edge, step, 1f);
            _edges[e] = edge;
            Aggregation.AddScaled(_accumulated[e], step, 1f);
            _edgeSamples[e] = members.Sum(m => (double)m.Samples);
            if (Aggregation.Norm(_accumulated[e]) >= Options.SignificanceThreshold * Math.Max(1e-12, Aggregation.Norm(edge))) syncing.Add(e);
        }
        long up = 0, down = 0;
        if (syncing.Count > 0)
        {
            double total = _edgeSamples.Sum();
            var cloud = (float[])_cloud.Clone();
            foreach (var e in syncing)
                Aggregation.AddScaled(cloud, _accumulated[e], (float)(total > 0 ? _edgeSamples[e] / total : 1.0 / Options.Edges));
            _cloud = cloud;
            foreach (var e in syncing)
            {
                _edges[e] = _cloud;
                Array.Clear(_accumulated[e]);
                up += Fp32Codec.EncodedSize(n);
                down += Fp32Codec.EncodedSize(n);
            }
            CloudSyncs += syncing.Count;
        }
        ModelVersion++;
        return new RoundAggregate(results.Count, up, down, syncing.Count == 0 ? "no edge synced" : $"edges {string.Join(',', syncing)} synced");
    }

    public float[] ConfigureEvaluate(int round) => _cloud;

    public IReadOnlyList<(string Name, float[] Values)> SaveState()
    {
        var state = new List<(string, float[])> { ("cloud", _cloud), ("edge_samples", _edgeSamples.Select(s => (float)s).ToArray()) };
        for (int e = 0; e < _edges.Length; e++)
        {
            state.Add(($"edge{e}", _edges[e]));
            state.Add(($"accumulated{e}", _accumulated[e]));
        }
        return state;
    }

    public void LoadState(IReadOnlyList<(string Name, float[] Values)> state, long modelVersion)
    {
        var byName = state.ToDictionary(s => s.Name, s => s.Values);
        _cloud = (float[])byName["cloud"].Clone();
        var samples = byName["edge_samples"];
        for (int e = 0; e < _edges.Length; e++)
        {
            _edges[e] = (float[])byName[$"edge{e}"].Clone();
            _accumulated[e] = (float[])byName[$"accumulated{e}"].Clone();
            _edgeSamples[e] = samples[e];
        }
        ModelVersion = modelVersion;
    }
}

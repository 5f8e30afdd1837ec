using Verge.Learning.Federated.Codecs;
using Verge.Learning.Federated.FedAvg;

namespace Verge.Learning.Federated.Hierarchical;

/// <summary>
/// Hierarchical aggregation with significance-gated wide-area sync (after Gaia, Hsieh et al., NSDI 2017): each
/// edge runs FedAvg over its own devices every round and accumulates its model's change; only when that change is
/// significant does the edge send it to the cloud, which folds it in (weighted by the edge's data) and sends the
/// new cloud model back. <see cref="SyncFilter.Edge"/> gates each edge's whole update (one norm ratio);
/// <see cref="SyncFilter.Parameter"/> gates each parameter as Gaia does (<see cref="SignificanceFilter"/>).
/// </summary>
public sealed class HierarchicalStrategy : IFederatedStrategy
{
    private float[] _cloud;
    private readonly float[][] _edges, _accumulated;
    private readonly double[] _edgeSamples;
    private readonly SignificanceFilter? _filter;

    public HierarchicalStrategy(float[] initialWeights, HierarchicalOptions options)
    {
        if (options.Edges < 1) throw new ArgumentOutOfRangeException(nameof(options), "at least one edge");
        Options = options;
        _cloud = (float[])initialWeights.Clone();
        _edges = Enumerable.Range(0, options.Edges).Select(_ => (float[])initialWeights.Clone()).ToArray();
        _accumulated = Enumerable.Range(0, options.Edges).Select(_ => new float[initialWeights.Length]).ToArray();
        _edgeSamples = new double[options.Edges];
        _filter = options.Filter == SyncFilter.Parameter ? new SignificanceFilter(options.SignificanceThreshold) : null;
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
        var active = new List<int>();
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
            active.Add(e);
        }
        var aggregate = Options.Filter == SyncFilter.Parameter ? SyncParameters(round, active) : SyncEdges(active);
        ModelVersion++;
        return aggregate with { Used = results.Count };
    }

    /// <summary>Each edge whose whole accumulated update is significant sends it (fp32) and takes the new cloud model back.</summary>
    private RoundAggregate SyncEdges(List<int> active)
    {
        int n = _cloud.Length;
        var syncing = active.Where(e => Aggregation.Norm(_accumulated[e]) >= Options.SignificanceThreshold * Math.Max(1e-12, Aggregation.Norm(_edges[e]))).ToList();
        long up = 0, down = 0;
        if (syncing.Count > 0)
        {
            var cloud = (float[])_cloud.Clone();
            foreach (var e in syncing) Aggregation.AddScaled(cloud, _accumulated[e], EdgeWeight(e));
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
        return new RoundAggregate(0, up, down, syncing.Count == 0 ? "no edge synced" : $"edges {string.Join(',', syncing)} synced");
    }

    /// <summary>
    /// Gaia: every active edge sends its significant parameters (sparse); the cloud folds them in, weighted by the
    /// edge's data, and sends every edge the changed cloud values (sparse), so each edge model stays the cloud model
    /// plus the changes that edge has not sent yet.
    /// </summary>
    private RoundAggregate SyncParameters(int round, List<int> active)
    {
        int n = _cloud.Length;
        var cloud = (float[])_cloud.Clone();
        var changed = new bool[n];
        long up = 0, down = 0, sent = 0;
        foreach (var e in active)
        {
            var update = _filter!.Take(_accumulated[e], _edges[e], round);
            float weight = EdgeWeight(e);
            for (int k = 0; k < update.Indices.Length; k++)
            {
                cloud[update.Indices[k]] += weight * update.Values[k];
                changed[update.Indices[k]] = true;
            }
            if (update.Indices.Length > 0) CloudSyncs++;
            up += update.Bytes;
            sent += update.Indices.Length;
        }
        _cloud = cloud;
        var indices = Enumerable.Range(0, n).Where(i => changed[i]).ToArray();
        if (indices.Length > 0)
            down += (long)Options.Edges * SignificanceFilter.SparsePayload(n, indices, indices.Select(i => cloud[i]).ToArray()).Length;
        for (int e = 0; e < _edges.Length; e++)
        {
            var edge = (float[])_cloud.Clone();
            Aggregation.AddScaled(edge, _accumulated[e], 1f);
            _edges[e] = edge;
        }
        return new RoundAggregate(0, up, down, $"{sent} significant values sent (θ {_filter!.ThresholdAt(round):G3})")
            { CloudUplinkBytes = up, CloudDownlinkBytes = down };
    }

    private float EdgeWeight(int e)
    {
        double total = _edgeSamples.Sum();
        return (float)(total > 0 ? _edgeSamples[e] / total : 1.0 / Options.Edges);
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

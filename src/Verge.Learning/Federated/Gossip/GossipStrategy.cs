using Verge.Learning.Engine;
using Verge.Learning.Federated.Codecs;

namespace Verge.Learning.Federated.Gossip;

/// <summary>
/// Decentralized gossip training (Blot et al., "Gossip training for deep learning", 2016): no server; every peer
/// trains its own copy, then, with some probability, picks a random neighbour and both replace their weights by
/// the pair's average. The mean over peers is preserved and the copies contract towards consensus. This object
/// holds every peer's weights so the simulation can drive it; the evaluated model is the peers' mean.
/// </summary>
public sealed class GossipStrategy : IFederatedStrategy
{
    private readonly float[][] _peers;
    private readonly Rng _rng;

    public GossipStrategy(float[] initialWeights, GossipOptions options)
    {
        if (options.Peers < 2) throw new ArgumentOutOfRangeException(nameof(options), "gossip needs at least two peers");
        Options = options;
        _peers = Enumerable.Range(0, options.Peers).Select(_ => (float[])initialWeights.Clone()).ToArray();
        _rng = new Rng(options.Seed);
    }

    public GossipOptions Options { get; }
    public string Name => "gossip";
    public long ModelVersion { get; private set; }
    public bool Asynchronous => false;
    public bool Decentralized => true;

    public FitPlan ConfigureFit(int round, IReadOnlyList<int> availableClients) =>
        new(availableClients.Select(c => new FitInstruction(c, round, ModelVersion, _peers[c], Options.Fit)).ToList(), availableClients.Count);

    public RoundAggregate AggregateFit(int round, IReadOnlyList<ClientUpdate> results)
    {
        foreach (var r in results)
        {
            var next = (float[])_peers[r.ClientId].Clone();
            Aggregation.AddScaled(next, r.Delta, 1f);
            _peers[r.ClientId] = next;
        }
        // Each peer, in random order, may exchange with one random neighbour: both keep the average.
        var order = Enumerable.Range(0, _peers.Length).ToArray();
        _rng.Shuffle(order);
        long bytes = 0;
        foreach (var i in order)
        {
            if (_rng.NextDouble() >= Options.Probability) continue;
            int j = _rng.Next(_peers.Length - 1);
            if (j >= i) j++;
            var mean = Aggregation.WeightedAverage([(_peers[i], 1.0), (_peers[j], 1.0)], _peers[i].Length);
            _peers[i] = mean;
            _peers[j] = (float[])mean.Clone();
            bytes += 2L * Fp32Codec.EncodedSize(mean.Length);
        }
        ModelVersion++;
        return new RoundAggregate(results.Count, bytes, 0);
    }

    public float[] ConfigureEvaluate(int round) =>
        Aggregation.WeightedAverage(_peers.Select(p => (p, 1.0)).ToList(), _peers[0].Length);

    public IReadOnlyList<(string Name, float[] Values)> SaveState() => _peers.Select((p, i) => ($"peer{i}", p)).ToList();

    public void LoadState(IReadOnlyList<(string Name, float[] Values)> state, long modelVersion)
    {
        for (int i = 0; i < _peers.Length; i++) _peers[i] = (float[])state.Single(s => s.Name == $"peer{i}").Values.Clone();
        ModelVersion = modelVersion;
    }
}

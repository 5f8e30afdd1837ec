namespace Verge.Learning.Federated.FedAvg;

/// <summary>
/// Federated averaging (McMahan et al., AISTATS 2017): sample a fraction of the clients, let each run local SGD
/// from the global weights, and move the global weights by the sample-weighted mean of their updates.
/// </summary>
public sealed class FedAvgStrategy(float[] initialWeights, FedAvgOptions options) : IFederatedStrategy
{
    private float[] _global = (float[])initialWeights.Clone();

    public FedAvgOptions Options { get; } = options;
    public string Name => "fedavg";
    public long ModelVersion { get; private set; }
    public bool Asynchronous => false;
    public bool Decentralized => false;
    public float[] GlobalWeights => _global;

    public FitPlan ConfigureFit(int round, IReadOnlyList<int> availableClients)
    {
        var chosen = ClientSampler.Sample(availableClients, Options.Fraction, Options.Seed, round);
        return new FitPlan(chosen.Select(c => new FitInstruction(c, round, ModelVersion, _global, Options.Fit)).ToList(), chosen.Count);
    }

    public RoundAggregate AggregateFit(int round, IReadOnlyList<ClientUpdate> results)
    {
        if (results.Count == 0) return new RoundAggregate(0);
        var next = (float[])_global.Clone();
        Aggregation.AddScaled(next, Options.Aggregation.Apply(results, _global.Length), 1f);
        _global = next;
        ModelVersion++;
        return new RoundAggregate(results.Count);
    }

    /// <summary>FedAvg's aggregate: Σ nₖ·Δₖ / Σ nₖ over the clients' sample counts nₖ.</summary>
    public static float[] Aggregate(IReadOnlyList<ClientUpdate> results, int length) =>
        Aggregation.WeightedAverage(results.Select(r => (r.Delta, (double)Math.Max(1, r.Samples))).ToList(), length);

    public float[] ConfigureEvaluate(int round) => _global;

    public IReadOnlyList<(string Name, float[] Values)> SaveState() => [("global", _global)];

    public void LoadState(IReadOnlyList<(string Name, float[] Values)> state, long modelVersion)
    {
        _global = (float[])state.Single(s => s.Name == "global").Values.Clone();
        ModelVersion = modelVersion;
    }
}

namespace Verge.Learning.Federated.AsyncSgd;

/// <summary>
/// Asynchronous SGD with staleness-aware weighting (Zhang et al., "Staleness-aware Async-SGD", IJCAI 2016; the
/// polynomial form of Xie et al., FedAsync, 2019): the server applies each update as soon as it arrives, damped
/// by how many versions old the weights it was computed from are, and never waits for anyone.
/// </summary>
public sealed class AsyncSgdStrategy(float[] initialWeights, AsyncSgdOptions options) : IFederatedStrategy
{
    private float[] _global = (float[])initialWeights.Clone();

    public AsyncSgdOptions Options { get; } = options;
    public string Name => "async-sgd";
    public long ModelVersion { get; private set; }
    public bool Asynchronous => true;
    public bool Decentralized => false;

    /// <summary>Each available client gets the current weights; a result is aggregated alone (quorum 1).</summary>
    public FitPlan ConfigureFit(int round, IReadOnlyList<int> availableClients) =>
        new(availableClients.Select(c => new FitInstruction(c, round, ModelVersion, _global, Options.Fit)).ToList(), 1);

    public RoundAggregate AggregateFit(int round, IReadOnlyList<ClientUpdate> results)
    {
        foreach (var update in results)
        {
            var next = (float[])_global.Clone();
            Aggregation.AddScaled(next, update.Delta, Weight(ModelVersion - update.ModelVersion));
            _global = next;
            ModelVersion++;
        }
        return new RoundAggregate(results.Count);
    }

    /// <summary>The weight of an update τ versions stale.</summary>
    public float Weight(long staleness) => Options.Mixing * MathF.Pow(1f + Math.Max(0, staleness), -Options.StalenessExponent);

    public float[] ConfigureEvaluate(int round) => _global;

    public IReadOnlyList<(string Name, float[] Values)> SaveState() => [("global", _global)];

    public void LoadState(IReadOnlyList<(string Name, float[] Values)> state, long modelVersion)
    {
        _global = (float[])state.Single(s => s.Name == "global").Values.Clone();
        ModelVersion = modelVersion;
    }
}

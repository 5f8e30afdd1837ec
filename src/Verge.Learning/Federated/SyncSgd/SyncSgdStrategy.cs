namespace Verge.Learning.Federated.SyncSgd;

/// <summary>
/// Synchronous parameter-server SGD with backup workers (Chen et al., "Revisiting Distributed Synchronous SGD",
/// 2016): all N workers compute from the same weights, the server averages the first N − b updates to arrive
/// and drops the b stragglers, so one slow worker no longer sets the pace.
/// </summary>
public sealed class SyncSgdStrategy(float[] initialWeights, SyncSgdOptions options) : IFederatedStrategy
{
    private float[] _global = (float[])initialWeights.Clone();

    public SyncSgdOptions Options { get; } = options;
    public string Name => "sync-sgd";
    public long ModelVersion { get; private set; }
    public bool Asynchronous => false;
    public bool Decentralized => false;

    public FitPlan ConfigureFit(int round, IReadOnlyList<int> availableClients)
    {
        int quorum = Math.Max(1, availableClients.Count - Options.BackupWorkers);
        return new FitPlan(availableClients.Select(c => new FitInstruction(c, round, ModelVersion, _global, Options.Fit)).ToList(), quorum);
    }

    /// <summary>The plain mean of the updates: every worker used the same batch size.</summary>
    public RoundAggregate AggregateFit(int round, IReadOnlyList<ClientUpdate> results)
    {
        if (results.Count == 0) return new RoundAggregate(0);
        var mean = Aggregation.WeightedAverage(results.Select(r => (r.Delta, 1.0)).ToList(), _global.Length);
        var next = (float[])_global.Clone();
        Aggregation.AddScaled(next, mean, 1f);
        _global = next;
        ModelVersion++;
        return new RoundAggregate(results.Count);
    }

    public float[] ConfigureEvaluate(int round) => _global;

    public IReadOnlyList<(string Name, float[] Values)> SaveState() => [("global", _global)];

    public void LoadState(IReadOnlyList<(string Name, float[] Values)> state, long modelVersion)
    {
        _global = (float[])state.Single(s => s.Name == "global").Values.Clone();
        ModelVersion = modelVersion;
    }
}

namespace Verge.Learning.Federated;

/// <summary>
/// A federated or distributed training algorithm on plain values, transport-free (Flower's Strategy): the same
/// object runs in <see cref="Simulation.FederatedSimulation"/> and behind the gRPC server. It owns the model
/// state (global weights; for EASGD the centre, for gossip the peers' models) and answers four questions.
/// </summary>
public interface IFederatedStrategy
{
    string Name { get; }

    /// <summary>Increments with every aggregation; updates computed from an older version are stale.</summary>
    long ModelVersion { get; }

    /// <summary>True when updates are applied one at a time as they arrive (asynchronous SGD), not in rounds.</summary>
    bool Asynchronous { get; }

    /// <summary>True when clients exchange models among themselves (gossip): no client↔server traffic.</summary>
    bool Decentralized { get; }

    /// <summary>Which clients train this round, from what weights, and how many results to wait for.</summary>
    FitPlan ConfigureFit(int round, IReadOnlyList<int> availableClients);

    /// <summary>Folds the results that arrived (at most the quorum, in arrival order) into the model.</summary>
    RoundAggregate AggregateFit(int round, IReadOnlyList<ClientUpdate> results);

    /// <summary>The weights to evaluate after <paramref name="round"/> (the global model, or the peers' consensus).</summary>
    float[] ConfigureEvaluate(int round);

    /// <summary>Combines evaluations into one accuracy (sample-weighted, see <see cref="Aggregation.WeightedAccuracy"/>).</summary>
    double AggregateEvaluate(int round, IReadOnlyList<EvaluateResult> results) => Aggregation.WeightedAccuracy(results);

    /// <summary>Everything needed to resume after a restart, as named float arrays.</summary>
    IReadOnlyList<(string Name, float[] Values)> SaveState();

    void LoadState(IReadOnlyList<(string Name, float[] Values)> state, long modelVersion);
}

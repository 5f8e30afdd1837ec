namespace Verge.Learning.Federated;

/// <summary>
/// How a strategy plugs in (one per strategy folder, listed in <see cref="StrategyCatalog"/>): its name, whether a
/// gRPC server can run it, and how it is built from the shared knobs into its own options record.
/// </summary>
public interface IStrategyFactory
{
    string Name { get; }

    /// <summary>False for strategies that only the simulation runs (asynchronous SGD, gossip).</summary>
    bool RunsBehindServer { get; }

    IFederatedStrategy Create(float[] initialWeights, StrategySettings settings, int clients);
}

namespace Verge.Learning.Federated;

/// <summary>
/// The knobs every strategy factory reads what it needs from (the CLI and the simulation fill one of these); each
/// strategy's own options record is made from it by the factory in the strategy's folder.
/// </summary>
public sealed record StrategySettings(float[] InitialWeights, FitConfig Fit, int Seed = 0)
{
    /// <summary>FedAvg and hierarchical: fraction C of available clients sampled per round.</summary>
    public double Fraction { get; init; } = 1.0;
    /// <summary>Synchronous SGD: b backup workers, the round waits for the first N − b results.</summary>
    public int BackupWorkers { get; init; }
    /// <summary>EASGD: elastic coefficient α (Zhang et al. use β = p·α ≈ 0.9).</summary>
    public float ElasticAlpha { get; init; } = 0.09f;
    /// <summary>Hierarchical: number of edge aggregators (client c belongs to edge c mod E).</summary>
    public int Edges { get; init; } = 2;
    /// <summary>Hierarchical: an edge syncs with the cloud when ‖accumulated update‖ / ‖edge model‖ reaches this.</summary>
    public double SignificanceThreshold { get; init; } = 0.02;
    /// <summary>Gossip: probability that a peer exchanges with a random neighbour after its local steps.</summary>
    public double GossipProbability { get; init; } = 1.0;
    /// <summary>Asynchronous SGD: an update of staleness τ is applied with weight mixing·(1+τ)^(−exponent).</summary>
    public float AsyncMixing { get; init; } = 0.5f;
    public float StalenessExponent { get; init; } = 0.5f;
}

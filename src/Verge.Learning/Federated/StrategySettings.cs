using Verge.Learning.Federated.Robust;

namespace Verge.Learning.Federated;

/// <summary>
/// The federated knobs, with one set of defaults for the simulation, the gRPC server and the clients it trains:
/// local training, the seed, and what each strategy's factory reads into its own options record.
/// </summary>
public sealed record StrategySettings
{
    /// <summary>20 local SGD steps of 32 samples, learning rate 0.05, momentum 0.9 (reset every round).</summary>
    public static FitConfig DefaultFit { get; } = new(LocalSteps: 20, BatchSize: 32, LearningRate: 0.05f, Momentum: 0.9f);

    public FitConfig Fit { get; init; } = DefaultFit;
    /// <summary>Seeds client sampling, gossip pairing, and (in the simulation and server) initial weights and data split.</summary>
    public int Seed { get; init; }
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
    /// <summary>Hierarchical: gate each edge's whole update (the norm ratio above) or each parameter (Gaia's filter, θ₀ = the threshold).</summary>
    public Hierarchical.SyncFilter SyncFilter { get; init; } = Hierarchical.SyncFilter.Edge;
    /// <summary>Gossip: probability that a peer exchanges with a random neighbour after its local steps.</summary>
    public double GossipProbability { get; init; } = 1.0;
    /// <summary>Asynchronous SGD: an update of staleness τ is applied with weight mixing·(1+τ)^(−exponent).</summary>
    public float AsyncMixing { get; init; } = 0.5f;
    public float StalenessExponent { get; init; } = 0.5f;
    /// <summary>The norm and sample bounds the server holds every update to (simulation and gRPC alike).</summary>
    public IntakeLimits Limits { get; init; } = new();
    /// <summary>FedAvg: how the round's updates combine (the weighted mean, or a Byzantine-robust median / trimmed mean).</summary>
    public AggregationRule Aggregation { get; init; } = AggregationRule.Mean;
    /// <summary>Codistillation: groups, teacher refresh period, burn-in, and the distillation term's T and α.</summary>
    public Codistillation.CodistillationOptions Codistillation { get; init; } = new();
}

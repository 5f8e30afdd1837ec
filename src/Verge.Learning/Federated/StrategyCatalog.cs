using Verge.Core.Errors;
using Verge.Learning.Federated.AsyncSgd;
using Verge.Learning.Federated.Easgd;
using Verge.Learning.Federated.FedAvg;
using Verge.Learning.Federated.Gossip;
using Verge.Learning.Federated.Hierarchical;
using Verge.Learning.Federated.SyncSgd;

namespace Verge.Learning.Federated;

/// <summary>Strategies by name, for the CLI and the simulation.</summary>
public static class StrategyCatalog
{
    public static IReadOnlyList<string> Names { get; } = ["fedavg", "sync-sgd", "async-sgd", "easgd", "hierarchical", "gossip"];

    /// <summary>The strategies the gRPC server runs: every one with a server (gossip has none).</summary>
    public static IReadOnlyList<string> ServerNames { get; } = ["fedavg", "sync-sgd", "easgd", "hierarchical"];

    public static IFederatedStrategy Create(string name, StrategySettings settings, int clients) => name.ToLowerInvariant() switch
    {
        "fedavg" => FedAvgFactory.Create(settings),
        "sync-sgd" => SyncSgdFactory.Create(settings),
        "async-sgd" => AsyncSgdFactory.Create(settings),
        "easgd" => EasgdFactory.Create(settings),
        "hierarchical" => HierarchicalFactory.Create(settings),
        "gossip" => GossipFactory.Create(settings, clients),
        _ => throw new UsageException($"unknown strategy '{name}'; choose one of: {string.Join(", ", Names)}"),
    };
}

using Verge.Core.Errors;
using Verge.Learning.Federated.AsyncSgd;
using Verge.Learning.Federated.Codistillation;
using Verge.Learning.Federated.Easgd;
using Verge.Learning.Federated.FedAvg;
using Verge.Learning.Federated.Gossip;
using Verge.Learning.Federated.Hierarchical;
using Verge.Learning.Federated.SyncSgd;

namespace Verge.Learning.Federated;

/// <summary>Every strategy's factory, in the order help texts list them; a new strategy adds its factory here.</summary>
public static class StrategyCatalog
{
    public static IReadOnlyList<IStrategyFactory> All { get; } =
        [new FedAvgFactory(), new SyncSgdFactory(), new AsyncSgdFactory(), new EasgdFactory(), new HierarchicalFactory(), new GossipFactory(),
         new CodistillationFactory()];

    public static IReadOnlyList<string> Names { get; } = All.Select(f => f.Name).ToList();

    /// <summary>The strategies the gRPC server runs.</summary>
    public static IReadOnlyList<string> ServerNames { get; } = All.Where(f => f.RunsBehindServer).Select(f => f.Name).ToList();

    public static IStrategyFactory Find(string name) =>
        All.FirstOrDefault(f => f.Name == name.ToLowerInvariant())
        ?? throw new UsageException($"unknown strategy '{name}'; choose one of: {string.Join(", ", Names)}");

    public static IFederatedStrategy Create(string name, float[] initialWeights, StrategySettings settings, int clients) =>
        Find(name).Create(initialWeights, settings, clients);
}

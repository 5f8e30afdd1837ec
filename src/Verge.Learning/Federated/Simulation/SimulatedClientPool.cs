using Verge.Learning.Federated.Rounds;

namespace Verge.Learning.Federated.Simulation;

/// <summary>Every simulated client is present for every round.</summary>
public sealed class SimulatedClientPool(IReadOnlyList<SimulatedClientProxy> proxies) : IClientPool
{
    private readonly IReadOnlyList<int> _everyone = Enumerable.Range(0, proxies.Count).ToArray();

    public IClientProxy this[int clientId] => proxies[clientId];

    public Task<IReadOnlyList<int>> WaitForClientsAsync(CancellationToken ct) => Task.FromResult(_everyone);
}

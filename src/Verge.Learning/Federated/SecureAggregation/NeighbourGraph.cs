using Verge.Learning.Engine;

namespace Verge.Learning.Federated.SecureAggregation;

/// <summary>
/// Who masks with whom and holds whose shares. SecAgg (Bonawitz et al., CCS 2017) pairs every client with every
/// other; SecAgg+ (Bell et al., CCS 2020) only with k neighbours in a random sparse graph, so a client's work and
/// bytes grow with k instead of n. Here the sparse graph is a Harary graph (a ring where each client links to the
/// k/2 nearest on each side) over a seeded random order of the clients: k-regular and connected.
/// </summary>
public static class NeighbourGraph
{
    /// <summary>Each client's neighbours (sorted, never itself); <paramref name="degree"/> 0 or ≥ n − 1 gives the complete graph.</summary>
    public static Dictionary<int, int[]> Build(IReadOnlyList<int> clients, int degree, int seed)
    {
        int n = clients.Count;
        if (degree <= 0 || degree >= n - 1)
            return clients.ToDictionary(c => c, c => clients.Where(o => o != c).Order().ToArray());
        var order = Enumerable.Range(0, n).ToArray();
        new Rng(seed).Shuffle(order);
        int half = (degree + 1) / 2;
        var neighbours = clients.ToDictionary(c => c, _ => new SortedSet<int>());
        for (int i = 0; i < n; i++)
            for (int d = 1; d <= half; d++)
            {
                int a = clients[order[i]], b = clients[order[(i + d) % n]];
                neighbours[a].Add(b);
                neighbours[b].Add(a);
            }
        return neighbours.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray());
    }
}

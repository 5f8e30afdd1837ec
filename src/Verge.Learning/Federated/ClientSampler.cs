using Verge.Learning.Engine;

namespace Verge.Learning.Federated;

/// <summary>Seeded sampling of a fraction of the available clients, the same for a given (seed, round).</summary>
public static class ClientSampler
{
    public static IReadOnlyList<int> Sample(IReadOnlyList<int> available, double fraction, int seed, int round)
    {
        int count = Math.Clamp((int)Math.Round(fraction * available.Count), Math.Min(1, available.Count), available.Count);
        if (count == available.Count) return available;
        var order = available.ToArray();
        new Rng(unchecked(seed * 1_000_003 + round)).Shuffle(order);
        var chosen = order[..count];
        Array.Sort(chosen);
        return chosen;
    }
}

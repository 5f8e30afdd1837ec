namespace Verge.Learning.Federated.Robust;

/// <summary>
/// Bucketing (Karimireddy, He and Jaggi, "Byzantine-Robust Learning on Heterogeneous Datasets via Bucketing",
/// ICLR 2022): shuffle the n updates, average them in buckets of s, and hand the ⌈n/s⌉ bucket means to a robust
/// rule. Averaging shrinks the spread between honest non-IID clients, which robust rules otherwise mistake for
/// attacks, while f Byzantine updates still spoil at most f buckets (the paper takes s ≤ 1/(2δ) for a Byzantine
/// share δ). The shuffle is seeded by the round, so runs reproduce.
/// </summary>
public static class Bucketing
{
    /// <summary>The bucket means of <paramref name="results"/>, each carrying the summed sample count of its members.</summary>
    public static IReadOnlyList<ClientUpdate> Means(IReadOnlyList<ClientUpdate> results, int size, int length)
    {
        if (size <= 1 || results.Count <= 1) return results;
        var order = Enumerable.Range(0, results.Count).ToArray();
        new Random(results[0].Round).Shuffle(order);
        var buckets = new List<ClientUpdate>();
        for (int start = 0; start < order.Length; start += size)
        {
            var members = order.Skip(start).Take(size).Select(i => results[i]).ToList();
            var mean = Aggregation.WeightedAverage(members.Select(m => (m.Delta, 1.0)).ToList(), length);
            var first = members[0];
            buckets.Add(first with { Delta = mean, Samples = (int)Math.Min(int.MaxValue, members.Sum(m => (long)m.Samples)) });
        }
        return buckets;
    }
}

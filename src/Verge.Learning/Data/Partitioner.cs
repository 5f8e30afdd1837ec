using Verge.Learning.Engine;

namespace Verge.Learning.Data;

/// <summary>Splits sample indices among federated clients, with a seed so every run gets the same split.</summary>
public static class Partitioner
{
    /// <summary>IID: a random permutation cut into near-equal shares.</summary>
    public static int[][] Iid(int samples, int clients, int seed)
    {
        var order = Enumerable.Range(0, samples).ToArray();
        new Rng(seed).Shuffle(order);
        return Enumerable.Range(0, clients)
            .Select(c => order[(int)((long)samples * c / clients)..(int)((long)samples * (c + 1) / clients)])
            .ToArray();
    }

    /// <summary>
    /// Non-IID by label (Hsu et al., 2019): for each class, its samples are split among clients in proportions
    /// drawn from Dirichlet(α, …, α). Small α gives each client few classes; large α approaches IID.
    /// </summary>
    public static int[][] Dirichlet(IReadOnlyList<int> labels, int clients, double alpha, int seed)
    {
        if (alpha <= 0) throw new ArgumentOutOfRangeException(nameof(alpha), "alpha must be positive");
        var rng = new Rng(seed);
        var shares = Enumerable.Range(0, clients).Select(_ => new List<int>()).ToArray();
        foreach (var group in Enumerable.Range(0, labels.Count).GroupBy(i => labels[i]).OrderBy(g => g.Key))
        {
            var members = group.ToArray();
            rng.Shuffle(members);
            var weights = new double[clients];
            for (int c = 0; c < clients; c++) weights[c] = rng.Gamma(alpha);
            double total = weights.Sum();
            double cumulative = 0;
            int start = 0;
            for (int c = 0; c < clients; c++)
            {
                cumulative += weights[c];
                int end = c == clients - 1 ? members.Length : (int)Math.Round(members.Length * cumulative / total);
                shares[c].AddRange(members[start..end]);
                start = end;
            }
        }
        return shares.Select(s => s.ToArray()).ToArray();
    }
}

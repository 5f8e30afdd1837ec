namespace Verge.Learning.Federated.Robust;

/// <summary>
/// Krum and Multi-Krum (Blanchard et al., "Machine Learning with Adversaries: Byzantine Tolerant Gradient Descent",
/// NeurIPS 2017): each of the n updates is scored by the sum of squared distances to its n − f − 2 nearest others;
/// Krum returns the update with the lowest score, Multi-Krum the plain mean of the m lowest. An update far from the
/// honest cluster has a high score whatever it claims about its sample count, so it is never chosen as long as
/// n > 2f + 2. Unweighted, as in the paper.
/// </summary>
public static class Krum
{
    /// <summary>The largest f the paper's bound n > 2f + 2 allows for <paramref name="n"/> updates (0 below 4).</summary>
    public static int MaxByzantine(int n) => Math.Max(0, (n - 3) / 2);

    /// <summary>
    /// Scores of <paramref name="updates"/>: for each, the sum of its squared distances to its n − f − 2 nearest
    /// others (at least one, at most n − 1). <paramref name="f"/> above <see cref="MaxByzantine"/> is lowered to it.
    /// </summary>
    public static double[] Scores(IReadOnlyList<float[]> updates, int f)
    {
        int n = updates.Count;
        var scores = new double[n];
        if (n <= 1) return scores;
        f = Math.Clamp(f, 0, MaxByzantine(n));
        int neighbours = Math.Clamp(n - f - 2, 1, n - 1);
        var distances = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++)
                distances[i, j] = distances[j, i] = SquaredDistance(updates[i], updates[j]);
        var row = new double[n - 1];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0, k = 0; j < n; j++)
                if (j != i) row[k++] = distances[i, j];
            Array.Sort(row);
            double sum = 0;
            for (int k = 0; k < neighbours; k++) sum += row[k];
            scores[i] = sum;
        }
        return scores;
    }

    /// <summary>The indices of the <paramref name="m"/> lowest-scoring updates, best first (ties: the lower index).</summary>
    public static int[] Select(IReadOnlyList<float[]> updates, int f, int m)
    {
        var scores = Scores(updates, f);
        return Enumerable.Range(0, updates.Count).OrderBy(i => scores[i]).ThenBy(i => i).Take(Math.Clamp(m, 1, Math.Max(1, updates.Count))).ToArray();
    }

    /// <summary>Multi-Krum: the mean of the <paramref name="m"/> best-scored updates (m = 1 is Krum); no updates give zeros.</summary>
    public static float[] Aggregate(IReadOnlyList<float[]> updates, int length, int f, int m)
    {
        foreach (var u in updates)
            if (u.Length != length) throw new ArgumentException($"expected {length} values, got {u.Length}");
        if (updates.Count == 0) return new float[length];
        var chosen = Select(updates, f, m);
        return Aggregation.WeightedAverage(chosen.Select(i => (updates[i], 1.0)).ToList(), length);
    }

    private static double SquaredDistance(float[] a, float[] b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double d = (double)a[i] - b[i];
            sum += d * d;
        }
        return sum;
    }
}

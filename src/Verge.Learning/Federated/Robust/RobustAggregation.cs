namespace Verge.Learning.Federated.Robust;

/// <summary>
/// Byzantine-robust aggregates of client updates, coordinate by coordinate (Yin et al., "Byzantine-Robust
/// Distributed Learning: Towards Optimal Statistical Rates", ICML 2018): the median, and the β-trimmed mean that
/// drops the ⌊β·m⌋ largest and smallest of the m values of every coordinate before averaging the rest. Unweighted,
/// as in the paper: sample counts are what a poisoned client lies about.
/// </summary>
public static class RobustAggregation
{
    /// <summary>The coordinate-wise median (the mean of the two middle values for an even count); no updates give zeros.</summary>
    public static float[] CoordinateMedian(IReadOnlyList<float[]> updates, int length) =>
        ByCoordinate(updates, length, column =>
        {
            int m = column.Length, mid = m / 2;
            return m % 2 == 1 ? column[mid] : (float)(((double)column[mid - 1] + column[mid]) / 2);
        });

    /// <summary>
    /// The coordinate-wise β-trimmed mean, 0 ≤ β &lt; 0.5: ⌊β·m⌋ values are cut at each end (β = 0 is the plain mean).
    /// </summary>
    public static float[] TrimmedMean(IReadOnlyList<float[]> updates, int length, double beta)
    {
        if (!(beta >= 0 && beta < 0.5)) throw new ArgumentOutOfRangeException(nameof(beta), beta, "β must be in [0, 0.5)");
        return ByCoordinate(updates, length, column =>
        {
            int cut = (int)Math.Floor(beta * column.Length);
            double sum = 0;
            for (int i = cut; i < column.Length - cut; i++) sum += column[i];
            return (float)(sum / (column.Length - 2 * cut));
        });
    }

    /// <summary>Sorts every coordinate's values across the updates and reduces them with <paramref name="reduce"/>.</summary>
    private static float[] ByCoordinate(IReadOnlyList<float[]> updates, int length, Func<float[], float> reduce)
    {
        var result = new float[length];
        if (updates.Count == 0) return result;
        foreach (var u in updates)
            if (u.Length != length) throw new ArgumentException($"expected {length} values, got {u.Length}");
        var column = new float[updates.Count];
        for (int j = 0; j < length; j++)
        {
            for (int k = 0; k < column.Length; k++) column[k] = updates[k][j];
            Array.Sort(column);
            result[j] = reduce(column);
        }
        return result;
    }
}

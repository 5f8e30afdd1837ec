namespace Verge.Learning.Privacy.Audit;

/// <summary>
/// The offline likelihood-ratio attack (LiRA offline; Carlini et al., "Membership Inference Attacks From First
/// Principles", S&amp;P 2022, §VI-C): shadow models trained without the audited examples give, per example, the
/// distribution of its logit-scaled confidence when it is OUT, a Gaussian N(μ, σ²); the target's confidence is
/// scored by how far into that Gaussian's upper tail it lies (one-sided: members are more confident). The score is
/// the standardised distance (φ − μ)/σ, which orders examples exactly as the one-sided likelihood does.
/// </summary>
public static class OfflineLira
{
    public const string Name = "lira-offline";

    /// <summary>
    /// Below this many shadows one variance is pooled over all examples: with few models a per-example variance is
    /// too noisy (the paper's "fixed variance", §VI-B, recommended for small shadow counts).
    /// </summary>
    public const int PerExampleVarianceFrom = 16;

    /// <param name="target">φ of the target model, one per audited example.</param>
    /// <param name="shadows">φ of each OUT shadow model, [shadow][example].</param>
    public static double[] Scores(IReadOnlyList<double> target, IReadOnlyList<double[]> shadows)
    {
        int k = shadows.Count, n = target.Count;
        if (k < 2) throw new ArgumentException("LiRA needs at least two shadow models for a variance");
        var mean = new double[n];
        var variance = new double[n];
        for (int i = 0; i < n; i++)
        {
            double sum = 0, sumSq = 0;
            foreach (var s in shadows) { sum += s[i]; sumSq += s[i] * s[i]; }
            mean[i] = sum / k;
            variance[i] = Math.Max(0, (sumSq - sum * sum / k) / (k - 1));
        }
        double pooled = variance.Average();
        var scores = new double[n];
        for (int i = 0; i < n; i++)
        {
            double sd = Math.Sqrt(k >= PerExampleVarianceFrom ? variance[i] : pooled);
            scores[i] = (target[i] - mean[i]) / Math.Max(sd, 1e-6);
        }
        return scores;
    }
}

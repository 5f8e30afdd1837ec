namespace Verge.Learning.Federated.Codecs;

/// <summary>
/// Gaia's significance rule (Hsieh et al., NSDI 2017, §3.2), shared by both tiers that use it: a parameter's
/// accumulated change is significant when |accumulated_i| &gt; θ_t·|value_i|, with θ_t = θ₀/√t decaying over the
/// rounds so that late in training smaller relative changes still travel (Gaia lowers its threshold over time).
/// </summary>
public static class SignificanceRule
{
    /// <summary>θ_t = θ₀/√t for round t ≥ 1.</summary>
    public static double ThresholdAt(double threshold, int round) => threshold / Math.Sqrt(Math.Max(1, round));

    /// <summary>Ascending indices i with |accumulated_i| &gt; θ·|values_i| (a zero change is never significant).</summary>
    public static int[] Select(ReadOnlySpan<float> accumulated, ReadOnlySpan<float> values, double theta)
    {
        if (accumulated.Length != values.Length) throw new ArgumentException($"{accumulated.Length} changes for {values.Length} values");
        var chosen = new List<int>();
        for (int i = 0; i < accumulated.Length; i++)
        {
            double change = Math.Abs(accumulated[i]);
            if (change > 0 && change > theta * Math.Abs(values[i])) chosen.Add(i);
        }
        return chosen.ToArray();
    }

    /// <summary>θ₀ as a user gives it: finite and ≥ 0 (0 sends every nonzero change).</summary>
    public static double Validate(double threshold) =>
        threshold >= 0 && !double.IsInfinity(threshold) ? threshold
            : throw new ArgumentOutOfRangeException(nameof(threshold), "the significance threshold must be a finite value ≥ 0");
}

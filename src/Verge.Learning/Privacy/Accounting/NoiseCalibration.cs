namespace Verge.Learning.Privacy.Accounting;

/// <summary>The smallest noise multiplier that keeps (ε, δ) within a target, by bisection (ε falls as σ grows).</summary>
public static class NoiseCalibration
{
    /// <summary>σ such that T steps at sample rate q spend at most <paramref name="targetEpsilon"/> (tighter conversion), to 1e-4 relative.</summary>
    public static double NoiseFor(double targetEpsilon, double sampleRate, long steps, double delta, IReadOnlyList<double>? orders = null)
    {
        if (!(targetEpsilon > 0) || double.IsInfinity(targetEpsilon)) throw new ArgumentOutOfRangeException(nameof(targetEpsilon), "target epsilon must be positive");
        double Eps(double sigma) => RdpAccountant.Epsilon(sampleRate, sigma, steps, delta, orders).Epsilon;
        double lo = 0, hi = 1;
        while (Eps(hi) > targetEpsilon)
        {
            lo = hi;
            hi *= 2;
            if (hi > 1e6) throw new ArgumentOutOfRangeException(nameof(targetEpsilon), "no noise multiplier up to 1e6 reaches this epsilon");
        }
        while (hi - lo > 1e-4 * hi)
        {
            double mid = (lo + hi) / 2;
            if (Eps(mid) > targetEpsilon) lo = mid; else hi = mid;
        }
        return hi;
    }
}

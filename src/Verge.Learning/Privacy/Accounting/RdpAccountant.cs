namespace Verge.Learning.Privacy.Accounting;

/// <summary>
/// Rényi differential privacy of the Poisson-subsampled Gaussian mechanism (Mironov, Talwar and Zhang,
/// arXiv:1908.10530, 2019): each of T steps includes every example with probability q and adds N(0, σ²) noise to
/// the sum of unit-clipped contributions. RDP composes by addition over steps; (ε, δ) follows by minimising over
/// the orders. Pure functions of (q, σ, T, orders, δ), so the same numbers come out in DP-SGD, DP-FedAvg and
/// <c>verge privacy epsilon</c>.
/// </summary>
public static class RdpAccountant
{
    /// <summary>The orders the published accountants use by default (TF-Privacy's compute_dp_sgd_privacy).</summary>
    public static IReadOnlyList<double> DefaultOrders { get; } =
        [1.25, 1.5, 1.75, 2, 2.25, 2.5, 3, 3.5, 4, 4.5, .. Enumerable.Range(5, 59).Select(i => (double)i), 128, 256, 512];

    /// <summary>RDP of <paramref name="steps"/> compositions at each order (+∞ where it diverges).</summary>
    public static double[] Rdp(double sampleRate, double noise, long steps, IReadOnlyList<double>? orders = null)
    {
        if (sampleRate is < 0 or > 1 || double.IsNaN(sampleRate)) throw new ArgumentOutOfRangeException(nameof(sampleRate), "sample rate must lie in [0, 1]");
        if (noise < 0 || double.IsNaN(noise)) throw new ArgumentOutOfRangeException(nameof(noise), "noise multiplier must be non-negative");
        if (steps < 0) throw new ArgumentOutOfRangeException(nameof(steps), "steps must be non-negative");
        return (orders ?? DefaultOrders).Select(a => steps == 0 ? 0 : steps * RdpOneStep(sampleRate, noise, a)).ToArray();
    }

    /// <summary>RDP of one step at order <paramref name="alpha"/> &gt; 1.</summary>
    public static double RdpOneStep(double q, double sigma, double alpha)
    {
        if (q == 0) return 0;
        if (double.IsPositiveInfinity(alpha) || sigma == 0) return double.PositiveInfinity;
        if (q == 1) return alpha / (2 * sigma * sigma);
        double logA = alpha == Math.Floor(alpha) ? LogAInteger(q, sigma, (int)alpha) : LogAFractional(q, sigma, alpha);
        return logA / (alpha - 1);
    }

    /// <summary>(ε, δ) from RDP values at <paramref name="orders"/>, by both conversions.</summary>
    public static PrivacySpent Epsilon(IReadOnlyList<double> orders, IReadOnlyList<double> rdp, double delta)
    {
        if (orders.Count != rdp.Count || orders.Count == 0) throw new ArgumentException("orders and RDP values must pair up");
        if (delta is <= 0 or >= 1 || double.IsNaN(delta)) throw new ArgumentOutOfRangeException(nameof(delta), "delta must lie in (0, 1)");
        double best = double.PositiveInfinity, bestOrder = orders[0], classic = double.PositiveInfinity, classicOrder = orders[0];
        for (int i = 0; i < orders.Count; i++)
        {
            double a = orders[i], r = rdp[i];
            if (a <= 1) throw new ArgumentOutOfRangeException(nameof(orders), "Rényi orders must exceed 1");
            // Mironov (2017), Prop. 3: ε = RDP + log(1/δ)/(α − 1).
            double c = r - Math.Log(delta) / (a - 1);
            if (c < classic) (classic, classicOrder) = (c, a);
            double e;
            // When δ² ≥ 1 − e^{−KL} the KL bound alone gives ε = 0 (as dp_accounting does).
            if (r < 0 || delta * delta + Math.Exp(-r) - 1 > 0) e = 0;
            // Balle et al. (2020), Prop. 12: ε = RDP + log((α − 1)/α) − (log δ + log α)/(α − 1); unstable as α → 1.
            else if (a > 1.01) e = r + Math.Log(1 - 1 / a) - Math.Log(delta * a) / (a - 1);
            else e = double.PositiveInfinity;
            if (e < best) (best, bestOrder) = (e, a);
        }
        return new PrivacySpent(Math.Max(0, best), delta, bestOrder, Math.Max(0, classic), classicOrder);
    }

    /// <summary>(ε, δ) after <paramref name="steps"/> steps of the subsampled Gaussian mechanism.</summary>
    public static PrivacySpent Epsilon(double sampleRate, double noise, long steps, double delta, IReadOnlyList<double>? orders = null)
    {
        orders ??= DefaultOrders;
        return Epsilon(orders, Rdp(sampleRate, noise, steps, orders), delta);
    }

    /// <summary>
    /// log A_α for integer α: A_α = Σᵢ C(α, i)·(1 − q)^{α−i}·qⁱ·exp((i² − i)/2σ²), exact (Mironov et al. 2019, §3.2).
    /// </summary>
    private static double LogAInteger(double q, double sigma, int alpha)
    {
        double logA = double.NegativeInfinity, logQ = Math.Log(q), log1mQ = Math.Log(1 - q), twoS2 = 2 * sigma * sigma;
        for (int i = 0; i <= alpha; i++)
        {
            double term = LogMath.LogBinomial(alpha, i) + i * logQ + (alpha - i) * log1mQ + ((double)i * i - i) / twoS2;
            logA = LogMath.LogAdd(logA, term);
        }
        return logA;
    }

    /// <summary>
    /// log A_α for fractional α: the integral split at z₀ = σ²·log(1/q − 1) + ½ and each half expanded as a series
    /// with erfc factors (Mironov et al. 2019, §3.3), summed until both halves' terms fall 30 nats below the total.
    /// </summary>
    private static double LogAFractional(double q, double sigma, double alpha)
    {
        double a0 = double.NegativeInfinity, a1 = double.NegativeInfinity, last0 = double.NegativeInfinity, last1 = double.NegativeInfinity;
        double z0 = sigma * sigma * Math.Log(1 / q - 1) + 0.5, logQ = Math.Log(q), log1mQ = Math.Log(1 - q);
        double twoS2 = 2 * sigma * sigma, sqrt2Sigma = Math.Sqrt(2) * sigma, logHalf = Math.Log(0.5);
        for (int i = 0; i < 1000; i++)
        {
            double coef = LogMath.LogBinomial(alpha, i), j = alpha - i;
            double s0 = coef + i * logQ + j * log1mQ + ((double)i * i - i) / twoS2 + logHalf + LogMath.LogErfc((i - z0) / sqrt2Sigma);
            double s1 = coef + j * logQ + i * log1mQ + (j * j - j) / twoS2 + logHalf + LogMath.LogErfc((z0 - j) / sqrt2Sigma);
            a0 = LogMath.LogAdd(a0, s0);
            a1 = LogMath.LogAdd(a1, s1);
            double total = LogMath.LogAdd(a0, a1);
            if (s0 < last0 && s1 < last1 && Math.Max(s0, s1) < total - 30) return total;
            (last0, last1) = (s0, s1);
        }
        return double.PositiveInfinity; // did not converge: leave this order out of the minimum
    }
}

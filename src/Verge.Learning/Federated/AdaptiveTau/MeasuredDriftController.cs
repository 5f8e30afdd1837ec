namespace Verge.Learning.Federated.AdaptiveTau;

/// <summary>
/// Verge's own τ controller, built on Wang et al. (JSAC 2019, §VI): τ = argmin G(τ) as in <see cref="TauController"/>, with
/// the same φ, γ, τ_max, ρ, η(τ), c and b, but the drift h(τ) measured instead of bounded. In the paper h(τ) bounds how far
/// τ local steps take the averaged model from centralised descent; its bound δ/β((ηβ + 1)^τ − 1) − ηδτ grows exponentially
/// in τ. Here each round measures s(τ) = Σ D_i/D ‖w_i − w̄‖, the data-weighted spread of the client models around their
/// average, from the updates the server receives anyway (w_i − w̄ = Δ_i − Δ̄), and uses it as h: it is 0 exactly when the
/// local models agree (i.i.d. clients and no noise, where the paper's δ and h are 0 too) and grows with τ and with the
/// clients' divergence. It is a measured stand-in, not a bound. Its growth in τ is fitted on line as a power law
/// s(τ) = s_last·(τ/τ_last)^p: p by least squares on (log τ, log s) over the latest s of every τ tried, p = 1 (linear)
/// while only one τ has been seen, and p kept within [½, 2], from the growth of independent noise (a random walk, √τ) to
/// h's own leading term (η²βδτ(τ − 1)/2, quadratic).
/// </summary>
public sealed class MeasuredDriftController(AdaptiveTauOptions options) : ITauRule
{
    public const double MinExponent = 0.5, MaxExponent = 2;
    private readonly TauController _bound = new(options);
    private readonly SortedDictionary<int, double> _latest = [];

    public AdaptiveTauOptions Options => _bound.Options;
    /// <summary>The τ and spread of the latest round measured (null before one).</summary>
    public (int Tau, double Spread)? Last { get; private set; }

    /// <summary>p, the fitted growth exponent of the spread in τ: 1 while fewer than two τ (with a spread above 0) are known.</summary>
    public double Exponent
    {
        get
        {
            var points = _latest.Where(p => p.Value > 0).Select(p => (X: Math.Log(p.Key), Y: Math.Log(p.Value))).ToList();
            if (points.Count < 2) return 1;
            double mx = points.Average(p => p.X), my = points.Average(p => p.Y);
            double sxx = points.Sum(p => (p.X - mx) * (p.X - mx)), sxy = points.Sum(p => (p.X - mx) * (p.Y - my));
            return Math.Clamp(sxy / sxx, MinExponent, MaxExponent);
        }
    }

    public EstimateRequest Request() => new(Options.ProbeSamples, 0);

    /// <summary>The spread of the round's updates that took local steps, before the inner strategy aggregates them.</summary>
    public void Observe(int tau, IReadOnlyList<ClientUpdate> updates) => Observe(tau, Spread(updates.Where(r => r.Steps > 0).ToList()));

    public string Describe(DivergenceEstimate e) => $"; ρ {e.Rho:G3} s {Last?.Spread:G3} p {Exponent:G3}";

    /// <summary>One round's measurement: the spread of the client models after <paramref name="tau"/> local steps.</summary>
    public void Observe(int tau, double spread)
    {
        if (tau < 1 || !(double.IsFinite(spread) && spread >= 0)) return;
        _latest[tau] = spread;
        Last = (tau, spread);
    }

    /// <summary>h(τ), the measured drift extrapolated along the fitted power law (0 before any measurement).</summary>
    public double H(int tau) => Last is { } last && last.Spread > 0 ? last.Spread * Math.Pow((double)tau / last.Tau, Exponent) : 0;

    /// <summary>argmin G(τ) with h measured, over 1 … min(γ·previous, τ_max) (the smallest τ among ties).</summary>
    public int Choose(DivergenceEstimate estimate, int previous, double stepCost, double aggregationCost)
    {
        int ceiling = (int)Math.Clamp(Math.Floor(Options.Gamma * Math.Max(1, previous)), 1, Options.MaxTau);
        int best = 1;
        double bestG = double.PositiveInfinity;
        for (int tau = 1; tau <= ceiling; tau++)
        {
            double g = _bound.G(tau, estimate, stepCost, aggregationCost, H(tau));
            if (g < bestG) (best, bestG) = (tau, g);
        }
        return best;
    }

    /// <summary>s = Σ D_i/D ‖Δ_i − Δ̄‖, Δ̄ the data-weighted mean update (0 for fewer than two updates).</summary>
    public static double Spread(IReadOnlyList<ClientUpdate> updates)
    {
        if (updates.Count < 2) return 0;
        int length = updates[0].Delta.Length;
        if (updates.Any(u => u.Delta.Length != length)) return 0;
        double total = updates.Sum(u => (double)Math.Max(1, u.Samples));
        var mean = new double[length];
        foreach (var u in updates)
        {
            double p = Math.Max(1, u.Samples) / total;
            for (int j = 0; j < length; j++) mean[j] += p * u.Delta[j];
        }
        double spread = 0;
        foreach (var u in updates)
        {
            double squared = 0;
            for (int j = 0; j < length; j++) { double d = u.Delta[j] - mean[j]; squared += d * d; }
            spread += Math.Max(1, u.Samples) / total * Math.Sqrt(squared);
        }
        return spread;
    }
}

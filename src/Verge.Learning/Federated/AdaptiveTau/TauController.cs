namespace Verge.Learning.Federated.AdaptiveTau;

/// <summary>
/// Chooses τ, the local steps between two aggregations, as Wang et al. do (JSAC 2019, "Adaptive Federated Learning
/// in Resource Constrained Edge Computing Systems", §VI and Algorithm 2): with c the cost of one local step, b that of
/// one aggregation and R the budget, T(τ) = Rτ/(τc + b) local steps fit in the budget, and the bound on the loss gap
/// G(τ) = (1 + √(1 + 4T²φρη·h(τ)/τ)) / (2Tηφ) + ρ·h(τ) is smallest at the best τ, h(τ) = δ/β·((ηβ + 1)^τ − 1) − ηδτ
/// being how far τ local steps drift from centralized gradient descent. τ is searched in [1, min(γ·τ_previous, τ_max)]
/// (the authors' code, IBM/adaptive-federated-learning, control_algorithm/adaptive_tau.py, does the same), and the last
/// round takes only the steps the remaining budget pays for.
/// </summary>
public sealed class TauController(AdaptiveTauOptions options) : ITauRule
{
    public AdaptiveTauOptions Options { get; } = options;

    public EstimateRequest Request() => new(Options.ProbeSamples, Options.SketchWidth);

    public string Describe(DivergenceEstimate e) => $"; δ {e.Delta:G3} β {e.Beta:G3} ρ {e.Rho:G3}";

    /// <summary>h(τ): the gap after τ local steps between federated and centralized descent (Wang et al., Lemma 3), never below 0.</summary>
    public static double H(int tau, double delta, double beta, double eta) =>
        beta <= 0 ? 0 : Math.Max(0, delta / beta * (Math.Pow(eta * beta + 1, tau) - 1) - eta * delta * tau);

    /// <summary>G(τ), the bound the control algorithm minimises (Wang et al., JSAC 2019, §VI-B).</summary>
    public double G(int tau, DivergenceEstimate e, double stepCost, double aggregationCost) =>
        G(tau, e, stepCost, aggregationCost, H(tau, e.Delta, e.Beta, e.Eta(tau)));

    /// <summary>G(τ) with the drift h(τ) given (<see cref="MeasuredDriftController"/> passes a measured one instead of the bound).</summary>
    public double G(int tau, DivergenceEstimate e, double stepCost, double aggregationCost, double h)
    {
        double eta = e.Eta(tau), t = Options.Budget * tau / (tau * stepCost + aggregationCost);
        return (1 + Math.Sqrt(1 + 4 * t * t * Options.Phi * e.Rho * eta * h / tau)) / (2 * t * eta * Options.Phi) + e.Rho * h;
    }

    /// <summary>argmin G(τ) over 1 … min(γ·previous, τ_max) (the smallest τ among ties).</summary>
    public int Choose(DivergenceEstimate estimate, int previous, double stepCost, double aggregationCost)
    {
        int ceiling = (int)Math.Clamp(Math.Floor(Options.Gamma * Math.Max(1, previous)), 1, Options.MaxTau);
        int best = 1;
        double bestG = double.PositiveInfinity;
        for (int tau = 1; tau <= ceiling; tau++)
        {
            double g = G(tau, estimate, stepCost, aggregationCost);
            if (g < bestG) (best, bestG) = (tau, g);
        }
        return best;
    }

    /// <summary>
    /// τ capped to what the <paramref name="remaining"/> budget pays for (τc + b ≤ remaining), or 0 when not even one
    /// step and one aggregation fit: training stops.
    /// </summary>
    public static int Affordable(int tau, double remaining, double stepCost, double aggregationCost)
    {
        if (remaining < stepCost + aggregationCost) return 0;
        if (stepCost <= 0) return tau;
        return (int)Math.Min(tau, Math.Floor((remaining - aggregationCost) / stepCost));
    }
}

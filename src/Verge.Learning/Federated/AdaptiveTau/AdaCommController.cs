namespace Verge.Learning.Federated.AdaptiveTau;

/// <summary>
/// AdaComm (Wang and Joshi, "Adaptive Communication Strategies to Achieve the Best Error-Runtime Trade-off in Local-Update
/// SGD", SysML 2019): local-update SGD with fixed step η, communication delay D per averaging and compute Y per step has,
/// after wall-clock time T, error ≤ 2(F(x_1) − F_inf)/(ηT)·(Y + D/τ) + ηLσ²/m + η²L²σ²(τ − 1), smallest at
/// τ* = √(2(F(x_1) − F_inf)·D / (η³L²σ²T)); re-solving it at the start of each interval with the loss reached there
/// (F_inf ≈ 0) gives τ_l = ⌈√(F(x_l)/F(x_0))·τ_0⌉: long rounds while the loss is high, shorter ones as it falls.
/// Here an interval is one round; F, L and σ² come from the clients' probes (F_i(w), β_i as L, the variance of a
/// mini-batch gradient), D is the measured cost of an aggregation, T the whole budget (τ_0 is the best fixed τ for it),
/// and η is the plain-SGD step of the local optimizer over τ steps (<see cref="DivergenceEstimate.Eta"/>), so τ_0 is the
/// smallest τ with τ ≥ τ*(η(τ)).
/// </summary>
public sealed class AdaCommController(AdaptiveTauOptions options) : ITauRule
{
    public AdaptiveTauOptions Options { get; } = options;
    /// <summary>τ_0, once the first estimates have arrived.</summary>
    public int? InitialTau { get; private set; }
    /// <summary>F(w_0), the loss at the start of the first round.</summary>
    public double? InitialLoss { get; private set; }

    /// <summary>τ* = √(2F·D / (η³L²σ²T)) (Wang and Joshi, SysML 2019, with F_inf = 0); +∞ when L or σ² is 0.</summary>
    public static double OptimalTau(double loss, double delay, double eta, double smoothness, double variance, double time)
    {
        double denominator = eta * eta * eta * smoothness * smoothness * variance * time;
        return denominator > 0 ? Math.Sqrt(2 * loss * delay / denominator) : double.PositiveInfinity;
    }

    /// <summary>τ_0: the smallest τ in 1 … τ_max with τ ≥ τ*(η(τ)) (τ* falls as η(τ) grows), τ_max when none is.</summary>
    public int FirstTau(DivergenceEstimate e, double delay)
    {
        for (int tau = 1; tau <= Options.MaxTau; tau++)
            if (tau >= OptimalTau(e.Loss ?? 0, delay, e.Eta(tau), e.Beta, e.Variance ?? 0, Options.Budget)) return tau;
        return Options.MaxTau;
    }

    /// <summary>τ_l = ⌈√(F(w_l)/F(w_0))·τ_0⌉ within 1 … τ_max.</summary>
    public static int Next(double loss, double initialLoss, int initialTau, int maxTau) =>
        initialLoss > 0 ? (int)Math.Clamp(Math.Ceiling(Math.Sqrt(Math.Max(0, loss) / initialLoss) * initialTau), 1, maxTau) : initialTau;

    public EstimateRequest Request() => new(Options.ProbeSamples, 0) { LossAndVariance = true };

    /// <summary>The next round's τ (D is the aggregation's cost; AdaComm needs neither the previous τ nor c).</summary>
    public int Choose(DivergenceEstimate estimate, int previous, double stepCost, double aggregationCost) => Choose(estimate, aggregationCost);

    public string Describe(DivergenceEstimate e) =>
        $"; F {e.Loss:G4} L {e.Beta:G3} σ² {e.Variance:G3}" + (InitialTau is { } t0 ? $" τ0 {t0}" : "");

    /// <summary>The next round's τ from the latest estimates: τ_0 at the first call (whose loss is F(w_0)), then the AdaComm rule.</summary>
    public int Choose(DivergenceEstimate e, double delay)
    {
        if (e.Loss is not { } loss) return InitialTau ?? 1;
        if (InitialTau is not { } tau0)
        {
            InitialLoss = loss;
            InitialTau = FirstTau(e, delay);
            return InitialTau.Value;
        }
        return Next(loss, InitialLoss!.Value, tau0, Options.MaxTau);
    }
}

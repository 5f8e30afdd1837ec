namespace Verge.Learning.Federated.AdaptiveTau;

/// <summary>
/// The quantities Wang et al.'s bound needs, estimated at an aggregation: ρ (Lipschitz constant of the loss),
/// β (smoothness), δ (gradient divergence between the clients' and the global gradient), and the local optimizer's
/// learning rate and momentum, from which <see cref="Eta"/> gives the bound's step size.
/// </summary>
public sealed record DivergenceEstimate(double Rho, double Beta, double Delta, double LearningRate, double Momentum = 0)
{
    /// <summary>AdaComm: F(w), the data-weighted mean of the clients' probe losses at the round's start (null under JSAC).</summary>
    public double? Loss { get; init; }
    /// <summary>AdaComm: σ², the data-weighted mean of the clients' mini-batch gradient variances (null under JSAC).</summary>
    public double? Variance { get; init; }

    /// <summary>
    /// η(τ): the plain-SGD step that moves the weights as far in τ steps as heavy-ball SGD with momentum m, reset at the
    /// round's start, does under a constant gradient: lr·Σ_{k=1..τ}(1 − m^k)/(1 − m) over τ, i.e.
    /// lr/(1 − m)·(1 − m(1 − m^τ)/(τ(1 − m))). It is lr for m = 0 or τ = 1 and tends to lr/(1 − m) for long rounds.
    /// Wang et al.'s analysis is for plain SGD; this is the step whose drift it bounds.
    /// </summary>
    public double Eta(int tau)
    {
        double m = Math.Clamp(Momentum, 0, 0.999);
        if (m == 0 || tau <= 1) return LearningRate;
        return LearningRate / (1 - m) * (1 - m * (1 - Math.Pow(m, tau)) / (tau * (1 - m)));
    }
}

namespace Verge.Learning.Federated.AdaptiveTau;

/// <summary>
/// The quantities Wang et al.'s bound needs, estimated at an aggregation: ρ (Lipschitz constant of the loss),
/// β (smoothness), δ (gradient divergence between the clients' and the global gradient) and the step size η.
/// </summary>
public sealed record DivergenceEstimate(double Rho, double Beta, double Delta, double Eta);

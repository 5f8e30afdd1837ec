namespace Verge.Learning.Federated.AdaptiveTau;

/// <summary>
/// Wang et al.'s control of local work (JSAC 2019, §VI): the total resource budget R (here simulated seconds of the
/// round clock), the control parameter φ, how far τ may grow per decision (γ·τ) and its ceiling τ_max.
/// </summary>
public sealed record AdaptiveTauOptions(double Budget, double Phi = 0.025, double Gamma = 10, int MaxTau = 100);

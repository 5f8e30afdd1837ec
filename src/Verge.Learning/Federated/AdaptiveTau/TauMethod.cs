namespace Verge.Learning.Federated.AdaptiveTau;

/// <summary>Which rule picks τ under the budget.</summary>
public enum TauMethod
{
    /// <summary>Wang et al., JSAC 2019: argmin of the drift bound G(τ) from ρ, β and δ (<see cref="TauController"/>).</summary>
    Jsac,

    /// <summary>Wang and Joshi, SysML 2019: τ_l = ⌈√(F(w_l)/F(w_0))·τ_0⌉, τ_0 the error–runtime optimum (<see cref="AdaCommController"/>).</summary>
    AdaComm,

    /// <summary>Verge's own, built on Wang et al. (JSAC 2019): argmin of G(τ) with h(τ) replaced by the measured spread of the client models (<see cref="MeasuredDriftController"/>).</summary>
    Measured,
}

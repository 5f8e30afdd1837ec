namespace Verge.Learning.Federated.AdaptiveTau;

/// <summary>
/// Wang et al.'s control of local work (JSAC 2019, §VI): the total resource budget R (here simulated seconds of the
/// round clock), the control parameter φ, how far τ may grow per decision (γ·τ) and its ceiling τ_max. Each client
/// estimates on its first <see cref="ProbeSamples"/> samples and sends ∇F_i as a count sketch of
/// <see cref="SketchWidth"/> values (Verge's choices, not the paper's: it sends the whole gradient).
/// <see cref="Method"/> picks the rule: JSAC's bound (the default) or AdaComm's (Wang and Joshi, SysML 2019), which
/// needs no φ, no δ and so no sketch.
/// </summary>
public sealed record AdaptiveTauOptions(double Budget, double Phi = 0.025, double Gamma = 10, int MaxTau = 100)
{
    public int ProbeSamples { get; init; } = 64;
    public int SketchWidth { get; init; } = 1024;
    public TauMethod Method { get; init; } = TauMethod.Jsac;
}

namespace Verge.Learning.Federated.AdaptiveTau;

/// <summary>
/// What the server asks each client to estimate with its update (Wang et al., JSAC 2019, Algorithm 3): ρ_i, β_i and
/// ∇F_i at the round's start, all on the client's first <see cref="Samples"/> samples (one fixed probe batch, the same
/// at both points and in every round); ∇F_i travels as a count sketch of <see cref="SketchWidth"/> values (none when 0).
/// <see cref="LossAndVariance"/> (AdaComm) also asks for F_i at the round's start and the variance of a mini-batch gradient
/// there, from the probe's two halves.
/// </summary>
public sealed record EstimateRequest(int Samples, int SketchWidth)
{
    public bool LossAndVariance { get; init; }
}

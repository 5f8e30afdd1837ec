namespace Verge.Learning.Federated.AdaptiveTau;

/// <summary>
/// One client's estimates, sent with its update (Wang et al., JSAC 2019, Algorithm 3): ρ_i = |F_i(w_i) − F_i(w)| / ‖w_i − w‖,
/// β_i = ‖∇F_i(w_i) − ∇F_i(w)‖ / ‖w_i − w‖, both between the round's start w and the client's weights w_i after its τ steps,
/// and the count sketch of ∇F_i(w) (<see cref="GradientSketch"/>), from which the server computes δ.
/// <see cref="ProbeSamples"/> is the compute it cost: probe samples times the two points. For AdaComm (Wang and Joshi,
/// SysML 2019) it also carries <see cref="Loss"/>, F_i(w) on the probe, and <see cref="Variance"/>, σ_i² of one
/// training mini-batch's gradient at w.
/// </summary>
public sealed record LocalEstimate(double Rho, double Beta, float[] GradientSketch, int ProbeSamples)
{
    public double? Loss { get; init; }
    public double? Variance { get; init; }

    /// <summary>Its size on the wire: ρ and β as float64, the sketch as float32, the probe count as int32, and F_i and σ_i² as float64 when sent.</summary>
    public long WireBytes => 8 + 8 + 4L * GradientSketch.Length + 4 + (Loss is null ? 0 : 8) + (Variance is null ? 0 : 8);

    /// <summary>Null, or the one-line reason a server refuses it (negative or non-finite numbers).</summary>
    public string? Problem()
    {
        if (!(double.IsFinite(Rho) && Rho >= 0 && double.IsFinite(Beta) && Beta >= 0)) return $"estimates ρ {Rho} and β {Beta} must be finite and ≥ 0";
        if (ProbeSamples < 0) return $"{ProbeSamples} probe samples";
        if (Loss is { } f && !(double.IsFinite(f) && f >= 0) || Variance is { } v2 && !(double.IsFinite(v2) && v2 >= 0))
            return $"loss {Loss} and variance {Variance} must be finite and ≥ 0";
        foreach (float v in GradientSketch) if (!float.IsFinite(v)) return $"a non-finite gradient sketch value ({v})";
        return null;
    }
}

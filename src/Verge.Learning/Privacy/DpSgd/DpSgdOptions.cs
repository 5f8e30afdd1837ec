using Verge.Core.Errors;

namespace Verge.Learning.Privacy.DpSgd;

/// <summary>
/// DP-SGD's settings: the (ε, δ) budget, the per-example clipping norm C, and the noise multiplier σ (noise std / C);
/// without σ the run picks the smallest one that spends exactly the budget over its planned steps. Sampling and noise
/// come from fresh OS randomness unless <see cref="Seed"/> fixes them (tests only: a known seed lets anyone
/// subtract the noise).
/// </summary>
public sealed record DpSgdOptions(double TargetEpsilon, double Delta, float Clip)
{
    public double? Noise { get; init; }
    public int? Seed { get; init; }

    public DpSgdOptions Validate()
    {
        if (!(TargetEpsilon > 0) || double.IsInfinity(TargetEpsilon)) throw new UsageException("--target-epsilon must be positive, e.g. 3");
        if (!(Delta > 0 && Delta < 1)) throw new UsageException("--delta must lie in (0, 1), below 1/examples, e.g. 1e-5");
        if (!(Clip > 0) || float.IsInfinity(Clip)) throw new UsageException("--clip must be positive, e.g. 1.0");
        if (Noise is { } s && !(s > 0 && double.IsFinite(s))) throw new UsageException("--noise must be positive, e.g. 1.1");
        return this;
    }
}

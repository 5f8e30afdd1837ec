using Verge.Core.Errors;

namespace Verge.Learning.Privacy.DpFedAvg;

/// <summary>
/// User-level DP federated averaging's settings: the noise multiplier z (noise std / S), the clipping norm S of each
/// client's update, and δ. Client sampling and noise come from fresh OS randomness unless <see cref="Seed"/> fixes
/// them (simulations, so that a run repeats; a known seed lets anyone subtract the noise).
/// </summary>
public sealed record DpFedAvgOptions(double Noise, double Clip, double Delta = 1e-5)
{
    public int? Seed { get; init; }

    public DpFedAvgOptions Validate()
    {
        if (!(Noise > 0) || !double.IsFinite(Noise)) throw new UsageException("--noise must be a positive noise multiplier, e.g. 1.0");
        if (!(Clip > 0) || !double.IsFinite(Clip)) throw new UsageException("--clip must be a positive norm for each client's update, e.g. 0.5");
        if (!(Delta > 0 && Delta < 1)) throw new UsageException("--delta must lie in (0, 1), below 1/clients, e.g. 1e-5");
        return this;
    }
}

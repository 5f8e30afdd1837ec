namespace Verge.Learning.Federated;

/// <summary>
/// A decoded, validated client update (Flower's FitRes): <see cref="Delta"/> is the client's weights minus the
/// weights it started from (for elastic averaging: its local weights minus the centre it was sent).
/// </summary>
public sealed record ClientUpdate(int ClientId, int Round, long ModelVersion, float[] Delta, int Samples, int Steps, double TrainLoss,
    long UplinkBytes)
{
    /// <summary>How many clients' updates this one stands for: 1, or under secure aggregation the survivors whose mean it is.</summary>
    public int Contributors { get; init; } = 1;

    /// <summary>Adaptive τ: the client's local estimates (Wang et al.), else null.</summary>
    public AdaptiveTau.LocalEstimate? Estimate { get; init; }
}

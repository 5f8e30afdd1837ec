namespace Verge.Core.Spec;

/// <summary>
/// <c>app.exits</c>: per-early-exit thresholds on a confidence <see cref="Measure"/> (<c>entropy</c>, the default:
/// a sample leaves when its softmax entropy is at most the threshold; <c>max_softmax</c>: when its top probability is
/// at least it), or a target accuracy to calibrate them for. Exactly one of the two is set.
/// </summary>
public sealed record ExitsSpec(IReadOnlyList<double>? Thresholds, double? TargetAccuracy, string Measure = "entropy")
{
    public static IReadOnlyList<string> Measures { get; } = ["entropy", "max_softmax"];
}

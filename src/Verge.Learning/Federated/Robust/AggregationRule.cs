using System.Globalization;
using Verge.Core.Errors;

namespace Verge.Learning.Federated.Robust;

/// <summary>
/// How FedAvg combines the round's updates: the sample-weighted mean (McMahan et al.), or, against poisoned clients,
/// the coordinate-wise median or β-trimmed mean of <see cref="RobustAggregation"/>. Written "mean", "median" or
/// "trimmed-mean[:β]" (β defaults to 0.1).
/// </summary>
public sealed record AggregationRule(AggregationKind Kind, double Beta = 0)
{
    public const double DefaultBeta = 0.1;
    public static AggregationRule Mean { get; } = new(AggregationKind.Mean);
    public const string Help = "mean, median or trimmed-mean[:BETA] (BETA in [0, 0.5), default 0.1)";

    public static AggregationRule Parse(string text)
    {
        var parts = text.Trim().ToLowerInvariant().Split(':', 2);
        switch (parts[0])
        {
            case "mean" when parts.Length == 1: return Mean;
            case "median" when parts.Length == 1: return new(AggregationKind.Median);
            case "trimmed-mean" when parts.Length == 1: return new(AggregationKind.TrimmedMean, DefaultBeta);
            case "trimmed-mean" when double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double beta)
                                     && beta >= 0 && beta < 0.5:
                return new(AggregationKind.TrimmedMean, beta);
            default:
                throw new UsageException($"aggregation rule '{text}' is not understood; use {Help}") { Term = "aggregation rule" };
        }
    }

    /// <summary>The update the round applies to the global model.</summary>
    public float[] Apply(IReadOnlyList<ClientUpdate> results, int length) => Kind switch
    {
        AggregationKind.Median => RobustAggregation.CoordinateMedian(results.Select(r => r.Delta).ToList(), length),
        AggregationKind.TrimmedMean => RobustAggregation.TrimmedMean(results.Select(r => r.Delta).ToList(), length, Beta),
        _ => Aggregation.WeightedAverage(results.Select(r => (r.Delta, (double)Math.Max(1, r.Samples))).ToList(), length),
    };

    public override string ToString() => Kind switch
    {
        AggregationKind.Median => "median",
        AggregationKind.TrimmedMean => string.Create(CultureInfo.InvariantCulture, $"trimmed-mean:{Beta:G}"),
        _ => "mean",
    };
}

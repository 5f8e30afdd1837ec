using System.Globalization;
using Verge.Core.Errors;

namespace Verge.Learning.Federated.Robust;

/// <summary>
/// How FedAvg combines the round's updates: the sample-weighted mean (McMahan et al.), or, against poisoned clients,
/// the coordinate-wise median or β-trimmed mean of <see cref="RobustAggregation"/>, or <see cref="Robust.Krum"/> and
/// Multi-Krum. Written "mean", "median", "trimmed-mean[:β]" (β defaults to 0.1), "krum[:f]" or "multi-krum[:f[,m]]"
/// (f defaults to the most the round's n updates tolerate, ⌊(n − 3)/2⌋; m to n − f), each optionally after
/// <see cref="Bucketing"/> ("bucket:S:RULE").
/// </summary>
public sealed record AggregationRule(AggregationKind Kind, double Beta = 0)
{
    public const double DefaultBeta = 0.1;
    public static AggregationRule Mean { get; } = new(AggregationKind.Mean);
    public const string Help = "mean, median, trimmed-mean[:BETA] (BETA in [0, 0.5), default 0.1), krum[:F] or multi-krum[:F[,M]] " +
                               "(F Byzantine clients tolerated, default (n-3)/2 of the round's n updates; M averaged, default n-F); " +
                               "bucket:S:RULE averages shuffled buckets of S updates first";

    /// <summary>Krum and Multi-Krum: the Byzantine updates tolerated (null: the most the round's update count allows).</summary>
    public int? F { get; init; }
    /// <summary>Multi-Krum: how many of the best-scored updates are averaged (null: n − f).</summary>
    public int? M { get; init; }
    /// <summary>Bucket size s of <see cref="Bucketing"/> applied before the rule ("bucket:S:RULE"); 1: none.</summary>
    public int Bucket { get; init; } = 1;

    public static AggregationRule Parse(string text)
    {
        var bucketed = text.Trim().ToLowerInvariant().Split(':', 3);
        if (bucketed is ["bucket", var size, var inner] && Count(size, 1) is { } s && Parse(inner) is { Bucket: 1 } rule)
            return rule with { Bucket = s };
        var parts = text.Trim().ToLowerInvariant().Split(':', 2);
        switch (parts[0])
        {
            case "mean" when parts.Length == 1: return Mean;
            case "median" when parts.Length == 1: return new(AggregationKind.Median);
            case "trimmed-mean" when parts.Length == 1: return new(AggregationKind.TrimmedMean, DefaultBeta);
            case "trimmed-mean" when double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double beta)
                                     && beta >= 0 && beta < 0.5:
                return new(AggregationKind.TrimmedMean, beta);
            case "krum" when parts.Length == 1: return new(AggregationKind.Krum);
            case "krum" when Count(parts[1], 0) is { } f: return new(AggregationKind.Krum) { F = f };
            case "multi-krum" when parts.Length == 1: return new(AggregationKind.MultiKrum);
            case "multi-krum" when parts[1].Split(',') is { Length: 1 or 2 } fm && Count(fm[0], 0) is { } f
                                   && (fm.Length == 1 || Count(fm[1], 1) is not null):
                return new(AggregationKind.MultiKrum) { F = f, M = fm.Length == 2 ? Count(fm[1], 1) : null };
            default:
                throw new UsageException($"aggregation rule '{text}' is not understood; use {Help}") { Term = "aggregation rule" };
        }
    }

    private static int? Count(string text, int min) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n >= min && n <= 1_000_000 ? n : null;

    /// <summary>The update the round applies to the global model.</summary>
    public float[] Apply(IReadOnlyList<ClientUpdate> results, int length)
    {
        results = Bucketing.Means(results, Bucket, length);
        List<float[]> deltas = Kind == AggregationKind.Mean ? [] : [.. results.Select(r => r.Delta)];
        int f = Math.Min(F ?? int.MaxValue, Krum.MaxByzantine(results.Count));
        return Kind switch
        {
            AggregationKind.Median => RobustAggregation.CoordinateMedian(deltas, length),
            AggregationKind.TrimmedMean => RobustAggregation.TrimmedMean(deltas, length, Beta),
            AggregationKind.Krum => Krum.Aggregate(deltas, length, f, 1),
            AggregationKind.MultiKrum => Krum.Aggregate(deltas, length, f, M ?? results.Count - f),
            _ => Aggregation.WeightedAverage(results.Select(r => (r.Delta, (double)Math.Max(1, r.Samples))).ToList(), length),
        };
    }

    public override string ToString() => (Bucket > 1 ? $"bucket:{Bucket}:" : "") + Kind switch
    {
        AggregationKind.Median => "median",
        AggregationKind.TrimmedMean => string.Create(CultureInfo.InvariantCulture, $"trimmed-mean:{Beta:G}"),
        AggregationKind.Krum => F is { } f ? $"krum:{f}" : "krum",
        AggregationKind.MultiKrum => "multi-krum" + (F is { } f ? $":{f}" + (M is { } m ? $",{m}" : "") : ""),
        _ => "mean",
    };
}

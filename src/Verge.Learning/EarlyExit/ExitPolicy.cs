namespace Verge.Learning.EarlyExit;

/// <summary>
/// Where each sample leaves a network with early exits: at the first early exit whose confidence passes its
/// threshold (one threshold per early exit), otherwise at the final exit.
/// </summary>
public sealed record ExitPolicy(ConfidenceMeasure Measure, IReadOnlyList<double> Thresholds)
{
    /// <summary>The same threshold at every one of <paramref name="earlyExits"/> exits.</summary>
    public static ExitPolicy Uniform(ConfidenceMeasure measure, double threshold, int earlyExits) =>
        new(measure, Enumerable.Repeat(threshold, earlyExits).ToArray());

    /// <summary>Whether a sample whose exit-<paramref name="exit"/> confidence is <paramref name="score"/> leaves there.</summary>
    public bool Leaves(int exit, double score) => Measure == ConfidenceMeasure.MaxSoftmax
        ? score >= Thresholds[exit]
        : score <= Thresholds[exit];

    /// <summary>The exit (0-based; <see cref="Thresholds"/>.Count is the final one) for one sample's per-exit scores.</summary>
    public int Choose(ReadOnlySpan<double> scores)
    {
        for (int e = 0; e < Thresholds.Count; e++)
            if (Leaves(e, scores[e])) return e;
        return Thresholds.Count;
    }

    /// <summary>The confidence of one exit's logits under <paramref name="measure"/>.</summary>
    public static double Score(ReadOnlySpan<float> logits, ConfidenceMeasure measure)
    {
        float max = float.NegativeInfinity;
        foreach (var v in logits) max = MathF.Max(max, v);
        double sum = 0;
        foreach (var v in logits) sum += Math.Exp(v - max);
        if (measure == ConfidenceMeasure.MaxSoftmax) return 1.0 / sum;
        double entropy = 0;
        foreach (var v in logits)
        {
            double p = Math.Exp(v - max) / sum;
            if (p > 0) entropy -= p * Math.Log(p);
        }
        return entropy;
    }
}

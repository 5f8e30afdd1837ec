namespace Verge.Learning.EarlyExit;

/// <summary>
/// Evaluates exit policies on recorded exit outcomes and calibrates the per-exit thresholds on held-out data:
/// the policy with the fewest expected MACs whose accuracy still reaches the target (BranchyNet's threshold
/// choice, made systematic by a search over each exit's score quantiles).
/// </summary>
public static class ExitCalibrator
{
    /// <summary>Candidate thresholds per early exit: quantiles of that exit's scores (and "never leave").</summary>
    public const int QuantileSteps = 40;

    /// <summary>Thresholds swept by <c>verge exits</c>, from "everyone leaves at exit 1" to "no one leaves early".</summary>
    public static IReadOnlyList<double> DefaultGrid(ConfidenceMeasure measure) => measure == ConfidenceMeasure.MaxSoftmax
        ? [0, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.93, 0.95, 0.97, 0.98, 0.99, 0.995, 0.999, double.PositiveInfinity]
        : [double.PositiveInfinity, 1.5, 1.0, 0.75, 0.5, 0.35, 0.25, 0.15, 0.1, 0.05, 0.02, 0.01, 0.001, 0];

    /// <summary>The threshold with which no sample leaves early.</summary>
    public static double Never(ConfidenceMeasure measure) =>
        measure == ConfidenceMeasure.MaxSoftmax ? double.PositiveInfinity : double.NegativeInfinity;

    public static ExitEvaluation Evaluate(ExitOutcomes outcomes, ExitPolicy policy, ExitCosts costs)
    {
        if (policy.Thresholds.Count != outcomes.Exits - 1 || costs.Macs.Count != outcomes.Exits)
            throw new ArgumentException($"{outcomes.Exits} exits, but {policy.Thresholds.Count} thresholds and {costs.Macs.Count} costs");
        var counts = new int[outcomes.Exits];
        int correct = 0;
        for (int i = 0; i < outcomes.Samples; i++)
        {
            int exit = policy.Choose(outcomes.Scores(i));
            counts[exit]++;
            if (outcomes.Correct(i, exit)) correct++;
        }
        double n = Math.Max(1, outcomes.Samples);
        var fractions = counts.Select(c => c / n).ToArray();
        double macs = 0;
        for (int e = 0; e < counts.Length; e++) macs += fractions[e] * costs.Macs[e];
        return new ExitEvaluation(policy.Thresholds, fractions, correct / n, macs, costs.FullMacs == 0 ? 0 : macs / costs.FullMacs);
    }

    /// <summary>One evaluation per threshold, the same threshold at every early exit.</summary>
    public static IReadOnlyList<ExitEvaluation> Sweep(ExitOutcomes outcomes, ExitCosts costs, IReadOnlyList<double>? thresholds = null) =>
        (thresholds ?? DefaultGrid(outcomes.Measure))
            .Select(t => Evaluate(outcomes, ExitPolicy.Uniform(outcomes.Measure, t, outcomes.Exits - 1), costs)).ToList();

    /// <summary>
    /// The cheapest policy (expected MACs) whose accuracy on <paramref name="heldOut"/> is at least
    /// <paramref name="targetAccuracy"/>; with one or two early exits every pair of candidate thresholds is
    /// tried, with more the same threshold is used at every exit. No early exits at all when nothing reaches the target.
    /// </summary>
    public static ExitPolicy Calibrate(ExitOutcomes heldOut, ExitCosts costs, double targetAccuracy)
    {
        var measure = heldOut.Measure;
        int early = heldOut.Exits - 1;
        var candidates = Enumerable.Range(0, early).Select(e => Candidates(heldOut, e)).ToArray();
        var best = ExitPolicy.Uniform(measure, Never(measure), early);
        var bestEval = Evaluate(heldOut, best, costs);
        void Consider(double[] thresholds)
        {
            var policy = new ExitPolicy(measure, thresholds);
            var eval = Evaluate(heldOut, policy, costs);
            if (eval.Accuracy + 1e-12 < targetAccuracy) return;
            if (eval.ExpectedMacs < bestEval.ExpectedMacs - 1e-9 ||
                (Math.Abs(eval.ExpectedMacs - bestEval.ExpectedMacs) <= 1e-9 && eval.Accuracy > bestEval.Accuracy))
                (best, bestEval) = (policy, eval);
        }
        if (early == 1)
            foreach (var t in candidates[0]) Consider([t]);
        else if (early == 2)
            foreach (var t1 in candidates[0])
                foreach (var t2 in candidates[1]) Consider([t1, t2]);
        else
            foreach (var t in candidates.SelectMany(c => c).Distinct()) Consider(Enumerable.Repeat(t, early).ToArray());
        return best;
    }

    /// <summary>Quantiles of one exit's scores, plus the value with which nobody leaves there.</summary>
    private static double[] Candidates(ExitOutcomes outcomes, int exit)
    {
        var scores = new double[outcomes.Samples];
        for (int i = 0; i < scores.Length; i++) scores[i] = outcomes.Score(i, exit);
        Array.Sort(scores);
        var result = new SortedSet<double> { Never(outcomes.Measure) };
        if (scores.Length == 0) return [.. result];
        for (int q = 0; q <= QuantileSteps; q++) result.Add(scores[(int)Math.Round((double)q / QuantileSteps * (scores.Length - 1))]);
        return [.. result];
    }
}

namespace Verge.Learning.Privacy.Audit;

/// <summary>
/// The ROC of a membership score (higher: more likely a member), one point per distinct threshold "member when
/// score ≥ t", from (0, 0) to (1, 1). Low false-positive rates are what matter for an attack (Carlini et al., S&amp;P
/// 2022, §III): <see cref="TprAtFpr"/> reads them off, <see cref="Auc"/> and <see cref="Advantage"/> (Yeom et al., CSF
/// 2018: max TPR − FPR) summarise the whole curve.
/// </summary>
public sealed record RocCurve(double[] Fpr, double[] Tpr)
{
    public static RocCurve From(ReadOnlySpan<double> memberScores, ReadOnlySpan<double> nonMemberScores)
    {
        if (memberScores.Length == 0 || nonMemberScores.Length == 0) throw new ArgumentException("an ROC needs members and non-members");
        var scored = new (double Score, bool Member)[memberScores.Length + nonMemberScores.Length];
        for (int i = 0; i < memberScores.Length; i++) scored[i] = (Clean(memberScores[i]), true);
        for (int i = 0; i < nonMemberScores.Length; i++) scored[memberScores.Length + i] = (Clean(nonMemberScores[i]), false);
        Array.Sort(scored, (a, b) => b.Score.CompareTo(a.Score));
        var fpr = new List<double> { 0 };
        var tpr = new List<double> { 0 };
        int tp = 0, fp = 0;
        for (int i = 0; i < scored.Length; i++)
        {
            if (scored[i].Member) tp++; else fp++;
            // Tied scores fall on the same side of every threshold: one point after the last of them.
            if (i + 1 < scored.Length && scored[i + 1].Score == scored[i].Score) continue;
            fpr.Add((double)fp / nonMemberScores.Length);
            tpr.Add((double)tp / memberScores.Length);
        }
        return new RocCurve([.. fpr], [.. tpr]);
    }

    // A score that is not a number says nothing: rank it below every real score.
    private static double Clean(double score) => double.IsNaN(score) ? double.NegativeInfinity : score;

    /// <summary>Area under the curve (trapezoids: ties count one half, as in the Mann–Whitney statistic).</summary>
    public double Auc
    {
        get
        {
            double area = 0;
            for (int i = 1; i < Fpr.Length; i++) area += (Fpr[i] - Fpr[i - 1]) * (Tpr[i] + Tpr[i - 1]) / 2;
            return area;
        }
    }

    /// <summary>The highest true-positive rate of a threshold whose false-positive rate is at most <paramref name="fpr"/>.</summary>
    public double TprAtFpr(double fpr)
    {
        double best = 0;
        for (int i = 0; i < Fpr.Length; i++)
            if (Fpr[i] <= fpr + 1e-12) best = Math.Max(best, Tpr[i]);
        return best;
    }

    /// <summary>Membership advantage (Yeom et al., CSF 2018): the largest TPR − FPR of any threshold.</summary>
    public double Advantage
    {
        get
        {
            double best = 0;
            for (int i = 0; i < Fpr.Length; i++) best = Math.Max(best, Tpr[i] - Fpr[i]);
            return best;
        }
    }
}

namespace Verge.Learning.Privacy.Audit;

/// <summary>One attack's outcome: its ROC and the figures read from it.</summary>
public sealed record AttackResult(string Attack, RocCurve Roc)
{
    public double Auc => Roc.Auc;
    public double TprAtFpr0001 => Roc.TprAtFpr(0.001);
    public double TprAtFpr001 => Roc.TprAtFpr(0.01);
    public double Advantage => Roc.Advantage;

    public static AttackResult From(string attack, double[] scores, int members)
    {
        var s = scores.AsSpan();
        return new AttackResult(attack, RocCurve.From(s[..members], s[members..]));
    }
}

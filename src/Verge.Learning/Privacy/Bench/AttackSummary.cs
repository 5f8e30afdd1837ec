using Verge.Learning.Privacy.Audit;

namespace Verge.Learning.Privacy.Bench;

/// <summary>One attack on one audited model: the figures read from its ROC curve.</summary>
public sealed record AttackSummary(string Attack, double Auc, double TprAtFpr0001, double TprAtFpr001, double Advantage)
{
    public static AttackSummary From(AttackResult a) => new(a.Attack, a.Auc, a.TprAtFpr0001, a.TprAtFpr001, a.Advantage);
}

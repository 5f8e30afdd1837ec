namespace Verge.Learning.Privacy.Bench;

/// <summary>One audited model: its training accuracy figures and each attack's result.</summary>
public sealed record AuditRow(string Model, double? Epsilon, string Members, string NonMembers, double MemberAccuracy, double NonMemberAccuracy,
    IReadOnlyList<AttackSummary> Attacks);

namespace Verge.Learning.Privacy.Audit;

/// <summary>
/// A membership-inference audit of one model: how many members and non-members, the model's accuracy on each (the
/// generalisation gap the loss attack feeds on), and each attack's result; <see cref="ShadowSeconds"/> is what the
/// shadow models cost.
/// </summary>
public sealed record AuditResult(int Members, int NonMembers, double MemberAccuracy, double NonMemberAccuracy, int Shadows, double ShadowSeconds,
    IReadOnlyList<AttackResult> Attacks);

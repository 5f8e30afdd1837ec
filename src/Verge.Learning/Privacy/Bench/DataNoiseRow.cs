
namespace Verge.Learning.Privacy.Bench;

/// <summary>One noise level: the model's test accuracy, its accuracy on the clean members and on non-members, and each attack.</summary>
public sealed record DataNoiseRow(double Scale, int Copies, double TestAccuracy, double MemberAccuracy, double NonMemberAccuracy,
    IReadOnlyList<AttackSummary> Attacks, double TrainSeconds);

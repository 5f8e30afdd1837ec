using Verge.Learning.Privacy.Audit;

namespace Verge.Learning.Privacy.Bench;

/// <summary>DP-SGD at one target ε: what it spent, with which noise, and the test accuracy.</summary>
public sealed record DpSgdPoint(double TargetEpsilon, double Epsilon, double EpsilonClassic, double Noise, double SampleRate, long Steps,
    int Epochs, double TestAccuracy, double MeanEpochSeconds);

/// <summary>One plain epoch against the mean DP epoch of the same model and batch.</summary>
public sealed record EpochCost(string Model, int Batch, double PlainSeconds, double DpSeconds, double PlainTestAccuracy)
{
    public double Ratio => DpSeconds / PlainSeconds;
}

/// <summary>
/// One federated run: N clients, plain FedAvg ("none"), DP-FedAvg ("dp") or DP-FedAvg under secure aggregation
/// ("dp+secagg"); uplink bytes and wall time are per round, <see cref="SkippedRounds"/> counts rounds secure
/// aggregation could not run (fewer than 3 clients sampled).
/// </summary>
public sealed record FlPoint(int Clients, string Mode, double SampleRate, double? Noise, double? Epsilon, int Rounds, double TestAccuracy,
    double UplinkBytesPerRound, double WallSecondsPerRound, double MeanParticipants, int SkippedRounds);

/// <summary>One audited model: its training accuracy figures and each attack's result.</summary>
public sealed record AuditRow(string Model, double? Epsilon, string Members, string NonMembers, double MemberAccuracy, double NonMemberAccuracy,
    IReadOnlyList<AttackSummary> Attacks);

public sealed record AttackSummary(string Attack, double Auc, double TprAtFpr0001, double TprAtFpr001, double Advantage)
{
    public static AttackSummary From(AttackResult a) => new(a.Attack, a.Auc, a.TprAtFpr0001, a.TprAtFpr001, a.Advantage);
}

public sealed record PrivacyBenchResult(PrivacyBenchOptions Options, IReadOnlyList<DpSgdPoint> DpSgd, EpochCost Cost, IReadOnlyList<FlPoint> Federated,
    IReadOnlyList<AuditRow> Audit, double Seconds);

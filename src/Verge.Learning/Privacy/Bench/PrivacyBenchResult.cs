namespace Verge.Learning.Privacy.Bench;

/// <summary>Everything one <c>verge bench privacy</c> run measured, with the sizes it ran at and its wall time.</summary>
public sealed record PrivacyBenchResult(PrivacyBenchOptions Options, IReadOnlyList<DpSgdPoint> DpSgd, EpochCost Cost, IReadOnlyList<FlPoint> Federated,
    IReadOnlyList<AuditRow> Audit, double Seconds);

namespace Verge.Net.Benchmarks.Serving;

/// <summary>
/// What `verge bench serving` measured: the runs of every scenario, the capacity the overload scenarios were sized
/// from (answers per second of <see cref="OverloadModel"/> with batching on, closed loop), their open-loop rate and deadline, the same for the streams scenario's model, the soak, the
/// dashboard's throughput against the load generator's, and the acceptance figures of issue 11.
/// </summary>
public sealed record ServingBenchReport(
    string Model,
    string OverloadModel,
    ServingBenchOptions Options,
    double CapacityRps,
    double OverloadRateRps,
    double DeadlineMs,
    IReadOnlyList<ServingRun> Runs,
    SoakResult Soak,
    DashboardCheck? Dashboard,
    IReadOnlyList<AcceptanceCheck> Acceptance,
    string StreamsModel,
    double StreamsCapacityRps,
    double StreamsRateRps)
{
    public ServingRun Run(string scenario, string variant) => Runs.Single(r => r.Scenario == scenario && r.Variant == variant);
}

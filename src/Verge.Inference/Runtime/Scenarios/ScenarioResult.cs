namespace Verge.Inference.Runtime.Scenarios;

/// <summary>
/// A scenario's outcome in LoadGen's terms: the metric, the queries and time it rests on, and VALID/INVALID with
/// the reason. Metrics a scenario does not define are null.
/// </summary>
public sealed record ScenarioResult(
    string Scenario,
    bool Valid,
    string Reason,
    int Queries,
    double DurationS,
    double? P50Ms,
    double? P90Ms,
    double? P99Ms,
    double? ThroughputIps,
    double? MaxQps,
    double? LatencyBoundMs,
    double MinDurationS,
    int MinQueries,
    IReadOnlyList<ServerTrial> Trials)
{
    public string Verdict => Valid ? "VALID" : "INVALID";

    public string Model { get; init; } = "";

    /// <summary>The execution provider the queries ran on ("cpu", "cuda").</summary>
    public string Provider { get; init; } = ExecutionProviders.Cpu;

    public int Threads { get; init; }
}

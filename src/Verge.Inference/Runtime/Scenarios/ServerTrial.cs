namespace Verge.Inference.Runtime.Scenarios;

/// <summary>One rate the server scenario tried: its 99th-percentile latency and whether it counts.</summary>
public sealed record ServerTrial(double Qps, int Queries, double DurationS, double P99Ms, bool WithinBound, bool LongEnough);
